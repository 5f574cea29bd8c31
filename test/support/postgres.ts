import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, test } from 'vitest';

// PostgreSQL for tests. TEST_DATABASE_URL points at a server where the tests may create
// databases (.ci/run starts one); every test file gets databases of its own, dropped afterwards.

const adminUrl = process.env.TEST_DATABASE_URL;
const created: string[] = [];

/**
 * Whether PostgreSQL tests can run. Without TEST_DATABASE_URL they are skipped with a loud
 * warning, and under CI the file fails instead: CI must run them.
 */
export function postgresAvailable(suite: string): boolean {
  if (adminUrl) {
    afterAll(async () => {
      for (const name of created.splice(0)) await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    return true;
  }
  const message =
    `TEST_DATABASE_URL is not set: the PostgreSQL ${suite} tests are NOT running. ` +
    'Start PostgreSQL and set TEST_DATABASE_URL (see README), or run .ci/run.';
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  describe.skip(`${suite} on PostgreSQL (skipped: no TEST_DATABASE_URL)`, () => {
    test('needs PostgreSQL', () => {});
  });
  return false;
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database, dropped when the test file ends, and returns its URL. Call postgresAvailable first. */
export async function createTestDatabase(): Promise<string> {
  if (!adminUrl) throw new Error('createTestDatabase needs TEST_DATABASE_URL');
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
