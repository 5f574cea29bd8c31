import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/lib/db';
import { readMigrations } from '@/lib/db/schema-engine';
import { describeAdminFlows } from './admin-flows';
import { describeAuthFlows } from './auth-flows';

// PostgreSQL through @prisma/adapter-pg. TEST_DATABASE_URL points at a server where the test may
// create databases (.ci/run starts one); each run gets a database of its own, dropped afterwards.

const adminUrl = process.env.TEST_DATABASE_URL;

if (!adminUrl) {
  const message =
    'TEST_DATABASE_URL is not set: the PostgreSQL integration tests are NOT running. ' +
    'Start PostgreSQL and set TEST_DATABASE_URL (see README), or run .ci/run.';
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  describe.skip('auth flows on PostgreSQL (skipped: no TEST_DATABASE_URL)', () => {
    test('needs PostgreSQL', () => {});
  });
} else {
  const databases: string[] = [];

  async function createDatabase(): Promise<string> {
    const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databases.push(name);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  process.env.DATABASE_URL = await createDatabase();

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  describeAuthFlows('PostgreSQL');
  describeAdminFlows('PostgreSQL');

  test('processes starting at once on an empty database migrate it exactly once', async () => {
    const url = await createDatabase();
    const opened = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: url, dataDir: '' })));
    try {
      const rows = await opened[0]!.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name',
      );
      const { migrationDirectories } = await readMigrations();
      expect(rows.map((row) => row.migration_name)).toEqual(migrationDirectories.map((migration) => migration.path));
      expect(await opened[3]!.prisma.user.count()).toBe(0);
    } finally {
      await Promise.all(opened.map((database) => database.close()));
    }
  });
}
