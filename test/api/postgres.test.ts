import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, test } from 'vitest';
import { describeApi } from './api-flows';

// PostgreSQL through @prisma/adapter-pg. TEST_DATABASE_URL points at a server where the test may
// create databases (.ci/run starts one); each run gets a database of its own, dropped afterwards.

const adminUrl = process.env.TEST_DATABASE_URL;

if (!adminUrl) {
  const message =
    'TEST_DATABASE_URL is not set: the PostgreSQL API tests are NOT running. ' +
    'Start PostgreSQL and set TEST_DATABASE_URL (see README), or run .ci/run.';
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  describe.skip('JSON API on PostgreSQL (skipped: no TEST_DATABASE_URL)', () => {
    test('needs PostgreSQL', () => {});
  });
} else {
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();

  afterAll(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  describeApi('PostgreSQL');
}
