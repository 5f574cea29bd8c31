import { expect, test } from 'vitest';
import { signUp } from '@/lib/accounts/sign-up';
import { closeDatabase, getDb } from '@/lib/db';
import { client, newEmail, password } from '../support/accounts';
import { describeOnDatabase } from '../support/database';

// Reopening the database (lib/db), run against each database Latchkey supports (pglite.test.ts,
// postgres.test.ts). Each test file gives its flows an empty database of their own.

export function describeDatabaseReopenFlows(name: string): void {
  describeOnDatabase(`reopening the database on ${name}`, () => {
    test('reopening the database re-applies nothing and keeps every account', async () => {
      const email = newEmail();
      await signUp({ email, password }, client);
      await closeDatabase();
      const db = await getDb();
      expect(await db.user.count({ where: { email } })).toBe(1);
      const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      const names = applied.map((row) => row.migration_name);
      expect(names).toContain('20261125130010_init');
      expect(new Set(names).size).toBe(names.length);
    });
  });
}
