import { expect, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, prepareDemoAccounts, seedDemoAccounts } from '@/lib/accounts/demo-accounts';
import { refreshSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import { ensureUser } from '@/lib/accounts/sign-up';
import { hashPassword } from '@/lib/auth/password';
import { parseConfig } from '@/lib/config';
import { getDb } from '@/lib/db';
import { client, password } from '../support/accounts';
import { describeOnDatabase } from '../support/database';

// The demo accounts (lib/accounts/demo-accounts.ts), run against each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Each test file gives its flows an empty database of their
// own.

export function describeDemoAccountsFlows(name: string): void {
  describeOnDatabase(`demo accounts on ${name}`, () => {
    test('demo accounts are seeded once and can sign in', async () => {
      const lines: string[] = [];
      await seedDemoAccounts((line) => lines.push(line));
      await seedDemoAccounts((line) => lines.push(line));
      expect(lines.filter((line) => line.endsWith('(created)'))).toHaveLength(DEMO_ACCOUNTS.length);
      for (const account of DEMO_ACCOUNTS) {
        const result = await signIn({ email: account.email, password: 'demo-password-123' }, client);
        if (!result.ok) throw new Error(`demo account ${account.email} cannot sign in`);
        expect((await validateAccessToken(result.tokens.accessToken))?.user.role).toBe(account.role);
      }
      expect(await ensureUser({ email: DEMO_ACCOUNTS[0]!.email, password, role: 'ADMIN' })).toBe(false);
    });

    test('a start that is not a local trial disables demo accounts left with the published password, the last admin too', async () => {
      const db = await getDb();
      const [demoUser, demoAdmin] = DEMO_ACCOUNTS.map((account) => account.email) as [string, string];
      // The database of a local trial: both demo accounts, the admin signed in and the only admin;
      // the demo user's password changed since.
      await seedDemoAccounts(() => {});
      const trialSession = await signIn({ email: demoAdmin, password: DEMO_PASSWORD }, client);
      if (!trialSession.ok) throw new Error('the demo admin cannot sign in');
      await db.user.updateMany({ where: { role: 'ADMIN', email: { not: demoAdmin } }, data: { role: 'USER' } });
      const ownPassword = 'not-the-published-one';
      await db.user.update({ where: { email: demoUser }, data: { passwordHash: await hashPassword(ownPassword) } });
      try {
        // Then the same data served by a production start on a public https address.
        const publicStart = parseConfig({ ...process.env, NODE_ENV: 'production', APP_URL: 'https://auth.example.com' });
        expect(publicStart).toMatchObject({ localTrial: false, seedDemo: false });
        const lines: string[] = [];
        await prepareDemoAccounts(publicStart, (line) => lines.push(line));
        expect(lines).toEqual([
          `Disabled 1 demo account (${demoAdmin}): they still had the published password, and APP_URL https://auth.example.com ` +
            'is not a local trial. For an admin of your own: npm run admin:create -- <email>',
        ]);

        expect(await signIn({ email: demoAdmin, password: DEMO_PASSWORD }, client)).toEqual({ ok: false, error: 'account_disabled' });
        expect(await validateAccessToken(trialSession.tokens.accessToken)).toBeNull();
        expect((await refreshSession(trialSession.tokens.refreshToken, client)).ok).toBe(false);
        const admin = await db.user.findUniqueOrThrow({ where: { email: demoAdmin }, include: { events: { where: { type: 'account_disabled' } } } });
        expect(admin.events.map((event) => event.detail)).toEqual([{ by: 'Latchkey at start-up: the published demo password, outside a local trial' }]);
        // A demo account whose password is no longer the published one is somebody's own.
        expect((await signIn({ email: demoUser, password: ownPassword }, client)).ok).toBe(true);

        // Already disabled: the next start has nothing to say.
        lines.length = 0;
        await prepareDemoAccounts(publicStart, (line) => lines.push(line));
        expect(lines).toEqual([]);
      } finally {
        await db.user.updateMany({ where: { email: { in: [demoUser, demoAdmin] } }, data: { disabledAt: null, passwordHash: await hashPassword(DEMO_PASSWORD) } });
      }
    });
  });
}
