import { startTcpProxy } from './tcp-proxy.mjs';
import { createThrowawayDatabase, startNext, stopTogether } from './throwaway-database.mjs';

// Latchkey on PostgreSQL behind a proxy the tests can cut (e2e/security/*.postgres.spec.ts): a
// throwaway database created from TEST_DATABASE_URL, the proxy in front of it, and `next start`
// with DATABASE_URL pointing through the proxy. The database is dropped when this process ends.
// Usage: node e2e/servers/postgres-outage.mjs <app port> <database proxy port> <control port>

const [appPort, proxyPort, controlPort] = process.argv.slice(2).map(Number);
const database = await createThrowawayDatabase();
const proxy = await startTcpProxy({
  listenPort: proxyPort,
  target: { host: database.url.hostname, port: Number(database.url.port || 5432) },
  controlPort,
});
const databaseUrl = new URL(database.url);
databaseUrl.hostname = '127.0.0.1';
databaseUrl.port = String(proxyPort);

const stopWith = stopTogether(async () => {
  await proxy.close();
  await database.drop();
});
stopWith(startNext(appPort, { DATABASE_URL: databaseUrl.toString() }));
