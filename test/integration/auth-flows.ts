import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureUser, signIn, signUp } from '@/lib/auth/accounts';
import { signUpSchema } from '@/lib/auth/credentials';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '@/lib/auth/demo-accounts';
import { hashToken } from '@/lib/auth/refresh-token';
import { type SessionTokens, endSession, validateAccessToken } from '@/lib/auth/session';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';

// The sign-up, sign-in and sign-out rules, run against each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Each run starts from an empty database of its own.

const client = { userAgent: 'vitest', ip: '203.0.113.7' };
const password = 'correct-horse-battery';
let counter = 0;
const newEmail = () => `user-${Date.now()}-${counter++}@example.com`;

async function sessionIdOf(tokens: SessionTokens): Promise<string> {
  const claims = await verifyAccessToken(tokens.accessToken);
  if (!claims) throw new Error('freshly issued access token did not verify');
  return claims.sessionId;
}

export function describeAuthFlows(name: string): void {
  describe(`auth flows on ${name}`, () => {
    beforeAll(async () => {
      await getDatabase();
    });
    afterAll(async () => {
      await closeDatabase();
    });

    test('sign-up stores a normalised email, a bcrypt hash and a hashed refresh token', async () => {
      const email = newEmail();
      const input = signUpSchema.parse({ email: `  ${email.toUpperCase()} `, password, confirmPassword: password });
      const result = await signUp(input, client);
      if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);

      const db = await getDb();
      const user = await db.user.findUniqueOrThrow({ where: { email }, include: { sessions: { include: { refreshTokens: true } } } });
      expect(user.role).toBe('USER');
      expect(user.passwordHash).toMatch(/^\$2[aby]\$10\$/);
      expect(user.passwordHash).not.toContain(password);
      expect(user.sessions).toHaveLength(1);
      const [session] = user.sessions;
      expect(session?.id).toBe(await sessionIdOf(result.tokens));
      expect(session?.userAgent).toBe('vitest');
      expect(session?.ip).toBe('203.0.113.7');
      expect(session?.refreshTokens).toHaveLength(1);
      expect(session?.refreshTokens[0]?.tokenHash).toBe(hashToken(result.tokens.refreshToken));
      expect(result.tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      const stored = JSON.stringify(user);
      expect(stored).not.toContain(result.tokens.refreshToken);
    });

    test('a taken email is refused and leaves no user or session behind', async () => {
      const email = newEmail();
      expect((await signUp({ email, password }, client)).ok).toBe(true);
      const db = await getDb();
      const sessionsBefore = await db.session.count();
      expect(await signUp({ email, password: 'another-password' }, client)).toEqual({ ok: false, error: 'email_taken' });
      expect(await db.user.count({ where: { email } })).toBe(1);
      expect(await db.session.count()).toBe(sessionsBefore);
    });

    test('concurrent sign-ups with one email create exactly one account', async () => {
      const email = newEmail();
      const results = await Promise.all(Array.from({ length: 5 }, () => signUp({ email, password }, client)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      const db = await getDb();
      expect(await db.user.count({ where: { email } })).toBe(1);
      const user = await db.user.findUniqueOrThrow({ where: { email }, include: { sessions: true } });
      expect(user.sessions).toHaveLength(1);
    });

    test('sign-in issues tokens whose session the DAL accepts', async () => {
      const email = newEmail();
      await signUp({ email, password }, client);
      const result = await signIn({ email, password }, client);
      if (!result.ok) throw new Error('sign-in failed');
      const session = await validateAccessToken(result.tokens.accessToken);
      expect(session?.user.email).toBe(email);
      expect(session?.user.role).toBe('USER');
      expect(session?.sessionId).toBe(await sessionIdOf(result.tokens));
    });

    test('wrong password and unknown email fail alike and create no session', async () => {
      const email = newEmail();
      await signUp({ email, password }, client);
      const db = await getDb();
      const sessionsBefore = await db.session.count();
      expect(await signIn({ email, password: 'wrong-password' }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
      expect(await signIn({ email: newEmail(), password }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
      expect(await db.session.count()).toBe(sessionsBefore);
    });

    test('sign-out revokes the session: the unexpired access token no longer passes the DAL', async () => {
      const email = newEmail();
      const result = await signUp({ email, password }, client);
      if (!result.ok) throw new Error('sign-up failed');
      expect(await validateAccessToken(result.tokens.accessToken)).not.toBeNull();

      await endSession({ accessToken: result.tokens.accessToken, refreshToken: result.tokens.refreshToken });

      expect(await verifyAccessToken(result.tokens.accessToken)).not.toBeNull();
      expect(await validateAccessToken(result.tokens.accessToken)).toBeNull();
      const db = await getDb();
      const tokens = await db.refreshToken.findMany({ where: { sessionId: await sessionIdOf(result.tokens) } });
      expect(tokens.every((token) => token.revokedAt !== null)).toBe(true);
    });

    test('sign-out with only the refresh token (access token expired) still ends the session', async () => {
      const result = await signUp({ email: newEmail(), password }, client);
      if (!result.ok) throw new Error('sign-up failed');
      await endSession({ accessToken: null, refreshToken: result.tokens.refreshToken });
      expect(await validateAccessToken(result.tokens.accessToken)).toBeNull();
    });

    test('the DAL refuses a token whose user is gone or whose role changed', async () => {
      const db = await getDb();
      const gone = await signUp({ email: newEmail(), password }, client);
      const demoted = await signUp({ email: newEmail(), password }, client);
      if (!gone.ok || !demoted.ok) throw new Error('sign-up failed');

      const goneClaims = await verifyAccessToken(gone.tokens.accessToken);
      await db.user.delete({ where: { id: goneClaims?.userId } });
      expect(await validateAccessToken(gone.tokens.accessToken)).toBeNull();

      const demotedClaims = await verifyAccessToken(demoted.tokens.accessToken);
      await db.user.update({ where: { id: demotedClaims?.userId }, data: { role: 'ADMIN' } });
      expect(await validateAccessToken(demoted.tokens.accessToken)).toBeNull();
    });

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
