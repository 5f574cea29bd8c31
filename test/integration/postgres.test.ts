import { expect, test } from 'vitest';
import { openDatabase } from '@/lib/db';
import { readMigrations } from '@/lib/db/schema-engine';
import { createTestDatabase, postgresAvailable } from '../support/postgres';
import { describeAdminFlows } from './admin-flows';
import { describeThrottleFlows } from './throttle-flows';
import { describeMfaFlows } from './mfa-flows';
import { describeSignUpFlows } from './sign-up-flows';
import { describeSignInFlows } from './sign-in-flows';
import { describeSignOutFlows } from './sign-out-flows';
import { describeAccessTokenFlows } from './access-token-flows';
import { describeDemoAccountsFlows } from './demo-accounts-flows';
import { describeDatabaseReopenFlows } from './database-reopen-flows';
import { describeSessionsFlows } from './sessions-flows';
import { describePasswordChangeFlows } from './password-change-flows';
import { describeAuditFlows } from './audit-flows';
import { describePasskeyAccountFlows } from './passkey-account-flows';
import { describePasskeySignInFlows } from './passkey-sign-in-flows';
import { describeProviderSignInFlows } from './provider-sign-in-flows';
import { describeClientsFlows } from './clients-flows';

// The rules on PostgreSQL through @prisma/adapter-pg, in databases of this file's own.
if (postgresAvailable('integration')) {
  process.env.DATABASE_URL = await createTestDatabase();

  describeSignUpFlows('PostgreSQL');
  describeSignInFlows('PostgreSQL');
  describeSignOutFlows('PostgreSQL');
  describeAccessTokenFlows('PostgreSQL');
  describeDemoAccountsFlows('PostgreSQL');
  describeDatabaseReopenFlows('PostgreSQL');
  describeSessionsFlows('PostgreSQL');
  describePasswordChangeFlows('PostgreSQL');
  describeAuditFlows('PostgreSQL');
  describeAdminFlows('PostgreSQL');
  describeThrottleFlows('PostgreSQL');
  describeMfaFlows('PostgreSQL');
  describePasskeyAccountFlows('PostgreSQL');
  describePasskeySignInFlows('PostgreSQL');
  describeProviderSignInFlows('PostgreSQL');
  describeClientsFlows('PostgreSQL');

  test('processes starting at once on an empty database migrate it exactly once', async () => {
    const url = await createTestDatabase();
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

  test('statements are prepared once per connection under their digest names (lib/db/statement-names.ts)', async () => {
    const database = await openDatabase({ databaseUrl: await createTestDatabase(), dataDir: '' });
    try {
      // One transaction holds one connection, so its session's prepared statements are those run in it.
      const prepared = await database.prisma.$transaction(async (tx) => {
        await tx.user.count();
        await tx.user.count();
        return tx.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`;
      });
      const counts = prepared.filter((row) => /count/i.test(row.statement) && row.statement.includes('"User"'));
      expect(counts).toHaveLength(1);
      expect(counts[0]!.name).toMatch(/^lk_/);
    } finally {
      await database.close();
    }
  });
}
