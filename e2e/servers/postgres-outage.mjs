import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTcpProxy } from './tcp-proxy.mjs';

// Latchkey on PostgreSQL behind a proxy the tests can cut (e2e/security/*.postgres.spec.ts): a
// throwaway database created from TEST_DATABASE_URL, the proxy in front of it, and `next start`
// with DATABASE_URL pointing through the proxy. The database is dropped when this process ends.
// Usage: node e2e/servers/postgres-outage.mjs <app port> <database proxy port> <control port>

const [appPort, proxyPort, controlPort] = process.argv.slice(2).map(Number);
const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set (playwright.config.ts should not have started this server)');

async function asAdmin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const name = `latchkey_e2e_${randomBytes(6).toString('hex')}`;
await asAdmin(`CREATE DATABASE ${name}`);
const server = new URL(adminUrl);
const proxy = await startTcpProxy({
  listenPort: proxyPort,
  target: { host: server.hostname, port: Number(server.port || 5432) },
  controlPort,
});
const databaseUrl = new URL(adminUrl);
databaseUrl.hostname = '127.0.0.1';
databaseUrl.port = String(proxyPort);
databaseUrl.pathname = `/${name}`;

const app = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(appPort)], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: databaseUrl.toString() },
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) {
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
  }
  await proxy.close();
  await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error) => console.error(`Could not drop ${name}: ${error}`));
  process.exit(code);
}
app.once('exit', (code) => void stop(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop(0));
