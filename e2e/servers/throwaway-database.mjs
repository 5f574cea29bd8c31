import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

// What the e2e servers on PostgreSQL share (postgres-outage.mjs, postgres-cluster.mjs): a
// throwaway database created from TEST_DATABASE_URL and dropped at the end, and `next start`
// processes that are stopped before it is dropped.

export function adminUrl() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set (playwright.config.ts should not have started this server)');
  return url;
}

async function asAdmin(sql) {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database; returns its URL and how to drop it. */
export async function createThrowawayDatabase() {
  const name = `latchkey_e2e_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const drop = () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error) => console.error(`Could not drop ${name}: ${error}`));
  return { url, drop };
}

/** `next start` on a port, with this process's environment plus `env`. */
export function startNext(port, env) {
  return spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
}

/**
 * Stops every app it is given and then `cleanUp`, when this process is told to (SIGINT, SIGTERM)
 * or any of the apps exits by itself, and exits. Returns the function that gives it an app.
 */
export function stopTogether(cleanUp) {
  const apps = [];
  let stopping = false;
  async function stop(code) {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      apps.map(async (app) => {
        if (app.exitCode !== null || app.signalCode !== null) return;
        app.kill('SIGTERM');
        await new Promise((resolve) => app.once('exit', resolve));
      }),
    );
    await cleanUp();
    process.exit(code);
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop(0));
  return (app) => {
    apps.push(app);
    app.once('exit', (code) => void stop(code ?? 1));
    return app;
  };
}
