import { SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureUser, signUp } from '@/lib/accounts/sign-up';
import { signIn } from '@/lib/accounts/sign-in';
import { signUpSchema } from '@/lib/auth/credentials';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, prepareDemoAccounts, seedDemoAccounts } from '@/lib/accounts/demo-accounts';
import { hashPassword } from '@/lib/auth/password';
import { hashToken } from '@/lib/auth/refresh-token';
import { changePassword } from '@/lib/accounts/password-change';
import { deleteExpiredData } from '@/lib/accounts/cleanup';
import {
  endSession,
  listActiveSessions,
  revokeAllUserSessions,
  revokeUserSession,
  refreshSession,
  validateAccessToken,
} from '@/lib/accounts/sessions';
import type { SessionTokens } from '@/lib/auth/session-tokens';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getConfig, parseConfig } from '@/lib/config';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { deliverPendingMail } from '@/lib/mail/worker';

// The sign-up, sign-in and sign-out rules, run against each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Each run starts from an empty database of its own.

const client = { userAgent: 'vitest', ip: '203.0.113.7' };
const password = 'correct-horse-battery';
let counter = 0;
const newEmail = () => `user-${Date.now()}-${counter++}@example.com`;

/** A copy of a real access token, signed with the test secret, with some claims replaced. */
async function resignedToken(accessToken: string, replaced: Record<string, unknown>): Promise<string> {
  const { iat, exp, ...claims } = decodeJwt(accessToken);
  return new SignJWT({ ...claims, ...replaced })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setIssuedAt(iat)
    .setExpirationTime(exp!)
    .sign(new TextEncoder().encode(process.env.JWT_SECRET));
}

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

    test('with no SMTP_URL, mail is delivered to the dev outbox and keeps its body there', async () => {
      const email = newEmail();
      expect((await signUp({ email, password }, client)).ok).toBe(true);
      await deliverPendingMail();
      const db = await getDb();
      const mail = await db.mailMessage.findFirstOrThrow({ where: { to: email } });
      expect(mail).toMatchObject({ kind: 'verify_email', deliveredVia: 'outbox', attempts: 1, subject: 'Verify your email address' });
      expect(mail.sentAt).not.toBeNull();
      expect(mail.text).toMatch(/http:\/\/localhost:3000\/verify-email\?token=[A-Za-z0-9_-]{43}/);
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

      await endSession({ accessToken: result.tokens.accessToken, refreshToken: result.tokens.refreshToken }, client);

      expect(await verifyAccessToken(result.tokens.accessToken)).not.toBeNull();
      expect(await validateAccessToken(result.tokens.accessToken)).toBeNull();
      const db = await getDb();
      const tokens = await db.refreshToken.findMany({ where: { sessionId: await sessionIdOf(result.tokens) } });
      expect(tokens.every((token) => token.revokedAt !== null)).toBe(true);
    });

    test('a session revoked behind this process\'s back (another server) is refused within SESSION_CACHE_TTL', async () => {
      const result = await signUp({ email: newEmail(), password }, client);
      if (!result.ok) throw new Error('sign-up failed');
      expect(await validateAccessToken(result.tokens.accessToken)).not.toBeNull();
      // Written directly, as another process would: this process has not marked the session.
      const db = await getDb();
      await db.session.update({ where: { id: await sessionIdOf(result.tokens) }, data: { revokedAt: new Date() } });
      await new Promise((resolve) => setTimeout(resolve, getConfig().sessionCacheTtl * 1000 + 100));
      expect(await validateAccessToken(result.tokens.accessToken)).toBeNull();
    });

    test('sign-out with only the refresh token (access token expired) still ends the session', async () => {
      const result = await signUp({ email: newEmail(), password }, client);
      if (!result.ok) throw new Error('sign-up failed');
      await endSession({ accessToken: null, refreshToken: result.tokens.refreshToken }, client);
      expect(await validateAccessToken(result.tokens.accessToken)).toBeNull();
    });

    test('a correctly signed token whose ids are not UUIDs means signed out: no database error, nothing ended', async () => {
      const result = await signUp({ email: newEmail(), password }, client);
      if (!result.ok) throw new Error('sign-up failed');
      // The control: the same token re-signed unchanged is accepted, so only the shape differs below.
      expect(await validateAccessToken(await resignedToken(result.tokens.accessToken, {}))).not.toBeNull();
      for (const replaced of [{ sid: 'not-a-uuid' }, { sub: 'not-a-uuid' }, { sid: 'session-1', sub: 'user-1' }]) {
        const token = await resignedToken(result.tokens.accessToken, replaced);
        expect(await validateAccessToken(token), JSON.stringify(replaced)).toBeNull();
        await endSession({ accessToken: token, refreshToken: null }, client);
      }
      expect(await validateAccessToken(result.tokens.accessToken)).not.toBeNull();
    });

    test('the DAL refuses a token whose user is gone, and reports the role from the database', async () => {
      const db = await getDb();
      const gone = await signUp({ email: newEmail(), password }, client);
      const promoted = await signUp({ email: newEmail(), password }, client);
      if (!gone.ok || !promoted.ok) throw new Error('sign-up failed');

      const goneClaims = await verifyAccessToken(gone.tokens.accessToken);
      await db.user.delete({ where: { id: goneClaims?.userId } });
      expect(await validateAccessToken(gone.tokens.accessToken)).toBeNull();

      const promotedClaims = await verifyAccessToken(promoted.tokens.accessToken);
      expect(promotedClaims?.role).toBe('USER');
      await db.user.update({ where: { id: promotedClaims?.userId }, data: { role: 'ADMIN' } });
      expect((await validateAccessToken(promoted.tokens.accessToken))?.user.role).toBe('ADMIN');
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

    async function newSession(): Promise<SessionTokens> {
      const result = await signUp({ email: newEmail(), password }, client);
      if (!result.ok) throw new Error('sign-up failed');
      return result.tokens;
    }

    async function rotate(token: string): Promise<SessionTokens> {
      const result = await refreshSession(token, client);
      if (!result.ok) throw new Error(`rotation failed: ${result.error}`);
      return result.tokens;
    }

    // Moves a rotated token's rotation time into the past, as if the grace window had passed.
    async function ageRotation(token: string, seconds: number): Promise<void> {
      const db = await getDb();
      await db.refreshToken.update({ where: { tokenHash: hashToken(token) }, data: { usedAt: new Date(Date.now() - seconds * 1000) } });
    }

    test('rotation issues a new pair in the same session and marks the old token used', async () => {
      const first = await newSession();
      const second = await rotate(first.refreshToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.refreshToken.split('.')[0]).toBe(first.refreshToken.split('.')[0]);
      expect(await sessionIdOf(second)).toBe(await sessionIdOf(first));
      expect(second.refreshExpiresAt.getTime()).toBe(first.refreshExpiresAt.getTime());
      expect((await validateAccessToken(second.accessToken))?.sessionId).toBe(await sessionIdOf(first));
      const db = await getDb();
      const old = await db.refreshToken.findUniqueOrThrow({ where: { tokenHash: hashToken(first.refreshToken) } });
      expect(old.usedAt).not.toBeNull();
      const third = await rotate(second.refreshToken);
      expect(third.refreshToken).not.toBe(second.refreshToken);
    });

    test('twenty parallel refreshes of one token yield one successor, and the session lives on', async () => {
      const first = await newSession();
      const results = await Promise.all(Array.from({ length: 20 }, () => refreshSession(first.refreshToken, client)));
      const successors = new Set(results.map((result) => (result.ok ? result.tokens.refreshToken : `failed:${result.error}`)));
      expect(successors.size).toBe(1);
      const [successor] = [...successors];
      expect(successor).not.toMatch(/^failed/);
      const db = await getDb();
      const sessionId = await sessionIdOf(first);
      expect(await db.refreshToken.count({ where: { sessionId } })).toBe(2);
      expect(await db.refreshToken.count({ where: { sessionId, usedAt: null, revokedAt: null } })).toBe(1);
      expect((await rotate(successor!)).refreshToken).not.toBe(successor);
    });

    test('inside the grace window the previous token gets the same successor, not a new branch', async () => {
      const first = await newSession();
      const second = await rotate(first.refreshToken);
      const again = await rotate(first.refreshToken);
      expect(again.refreshToken).toBe(second.refreshToken);
      expect((await validateAccessToken(again.accessToken))?.sessionId).toBe(await sessionIdOf(first));
    });

    test('reuse after the grace window revokes the whole session', async () => {
      const first = await newSession();
      const second = await rotate(first.refreshToken);
      await ageRotation(first.refreshToken, 11);
      expect(await refreshSession(first.refreshToken, client)).toEqual({ ok: false, error: 'reused', session: expect.anything() });
      expect(await validateAccessToken(second.accessToken)).toBeNull();
      expect(await refreshSession(second.refreshToken, client)).toEqual({ ok: false, error: 'invalid' });
    });

    test('a token rotated several times inside the grace window resolves to the current token', async () => {
      const first = await newSession();
      const second = await rotate(first.refreshToken);
      const third = await rotate(second.refreshToken);
      expect((await rotate(first.refreshToken)).refreshToken).toBe(third.refreshToken);
      expect((await rotate(second.refreshToken)).refreshToken).toBe(third.refreshToken);
      const db = await getDb();
      expect(await db.refreshToken.count({ where: { sessionId: await sessionIdOf(first), usedAt: null } })).toBe(1);
    });

    test('an older token whose rotation left the grace window is reuse, even if later ones are recent', async () => {
      const first = await newSession();
      const second = await rotate(first.refreshToken);
      await ageRotation(first.refreshToken, 11);
      const third = await rotate(second.refreshToken);
      expect(await refreshSession(first.refreshToken, client)).toEqual({ ok: false, error: 'reused', session: expect.anything() });
      expect(await validateAccessToken(third.accessToken)).toBeNull();
    });

    test('reuse is caught by the session tag after cleanup deleted the old row', async () => {
      const first = await newSession();
      const second = await rotate(first.refreshToken);
      await ageRotation(first.refreshToken, 11);
      await deleteExpiredData();
      const db = await getDb();
      expect(await db.refreshToken.findUnique({ where: { tokenHash: hashToken(first.refreshToken) } })).toBeNull();
      expect(await db.refreshToken.findUnique({ where: { tokenHash: hashToken(second.refreshToken) } })).not.toBeNull();
      expect(await refreshSession(first.refreshToken, client)).toEqual({ ok: false, error: 'reused', session: expect.anything() });
      expect(await validateAccessToken(second.accessToken)).toBeNull();
    });

    test('cleanup keeps a rotated token inside its grace window and the table bounded', async () => {
      let tokens = await newSession();
      const sessionId = await sessionIdOf(tokens);
      for (let i = 0; i < 5; i++) {
        const previous = tokens.refreshToken;
        tokens = await rotate(previous);
        await ageRotation(previous, 11);
      }
      const last = tokens.refreshToken;
      tokens = await rotate(last);
      await deleteExpiredData();
      const db = await getDb();
      expect(await db.refreshToken.count({ where: { sessionId } })).toBe(2);
      expect((await rotate(last)).refreshToken).toBe(tokens.refreshToken);
    });

    test('forged, malformed and unknown refresh tokens are refused without touching sessions', async () => {
      const first = await newSession();
      const [tag] = first.refreshToken.split('.');
      expect(await refreshSession('garbage', client)).toEqual({ ok: false, error: 'invalid' });
      expect(await refreshSession(`${'A'.repeat(22)}.${'B'.repeat(43)}`, client)).toEqual({ ok: false, error: 'invalid' });
      // A known tag with a secret that was never issued: only a holder of one of the session's
      // tokens knows the tag, so this is treated as reuse.
      expect(await refreshSession(`${tag}.${'C'.repeat(43)}`, client)).toEqual({ ok: false, error: 'reused', session: expect.anything() });
    });

    test('absolute lifetime counts from sign-in and idle sessions end', async () => {
      const db = await getDb();
      const absolute = await newSession();
      await db.session.update({ where: { id: await sessionIdOf(absolute) }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect(await refreshSession(absolute.refreshToken, client)).toEqual({ ok: false, error: 'ended' });
      expect(await validateAccessToken(absolute.accessToken)).toBeNull();

      const idle = await newSession();
      await db.session.update({ where: { id: await sessionIdOf(idle) }, data: { lastActiveAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) } });
      expect(await refreshSession(idle.refreshToken, client)).toEqual({ ok: false, error: 'ended' });
    });

    test('a user can end one of their sessions but not someone else\'s', async () => {
      const email = newEmail();
      const a = await signUp({ email, password }, client);
      const b = await signIn({ email, password }, { userAgent: 'other', ip: null });
      const stranger = await newSession();
      if (!a.ok || !b.ok) throw new Error('sign-in failed');
      const user = await validateAccessToken(a.tokens.accessToken);
      expect(await listActiveSessions(user!.user.id)).toHaveLength(2);
      await revokeUserSession(user!.user.id, await sessionIdOf(stranger), client);
      // A tampered form field that is no session id changes nothing and raises nothing.
      await revokeUserSession(user!.user.id, 'not-a-uuid', client);
      expect(await validateAccessToken(stranger.accessToken)).not.toBeNull();
      await revokeUserSession(user!.user.id, await sessionIdOf(b.tokens), client);
      expect(await validateAccessToken(b.tokens.accessToken)).toBeNull();
      expect(await listActiveSessions(user!.user.id)).toHaveLength(1);
    });

    test('a password change revokes the other sessions and renews the current one', async () => {
      const email = newEmail();
      const current = await signUp({ email, password }, client);
      const other = await signIn({ email, password }, client);
      if (!current.ok || !other.ok) throw new Error('sign-in failed');
      const session = (await validateAccessToken(current.tokens.accessToken))!;

      expect(await changePassword(session, { currentPassword: 'wrong-password', newPassword: 'a-new-password' }, client)).toEqual({
        ok: false,
        error: 'wrong_password',
      });
      expect(await validateAccessToken(other.tokens.accessToken)).not.toBeNull();

      const changed = await changePassword(session, { currentPassword: password, newPassword: 'a-new-password' }, client);
      if (!changed.ok) throw new Error('change failed');
      expect(await validateAccessToken(other.tokens.accessToken)).toBeNull();
      expect(await validateAccessToken(changed.tokens.accessToken)).not.toBeNull();
      expect(await refreshSession(current.tokens.refreshToken, client)).toEqual({ ok: false, error: 'invalid' });
      expect((await rotate(changed.tokens.refreshToken)).refreshToken).toBeTruthy();
      expect((await signIn({ email, password }, client)).ok).toBe(false);
      expect((await signIn({ email, password: 'a-new-password' }, client)).ok).toBe(true);
    });

    async function eventsOf(email: string): Promise<string[]> {
      const db = await getDb();
      const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      const events = await db.auditEvent.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
      return events.map((event) => event.type);
    }

    test('the audit log records each security event with where it came from, and never a password', async () => {
      const email = newEmail();
      const first = await signUp({ email, password }, client);
      if (!first.ok) throw new Error('sign-up failed');
      await signIn({ email, password: 'wrong-password' }, client);
      const second = await signIn({ email, password }, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36', ip: '198.51.100.9' });
      if (!second.ok) throw new Error('sign-in failed');
      const session = (await validateAccessToken(first.tokens.accessToken))!;
      await revokeUserSession(session.user.id, await sessionIdOf(second.tokens), client);
      await changePassword(session, { currentPassword: password, newPassword: 'a-new-password' }, client);
      await endSession({ accessToken: null, refreshToken: first.tokens.refreshToken }, client);

      expect(await eventsOf(email)).toEqual(['sign_up', 'sign_in_failed', 'sign_in', 'session_revoked', 'password_changed', 'sign_out']);
      const db = await getDb();
      const rows = await db.auditEvent.findMany({ where: { userId: session.user.id } });
      expect(rows.every((row) => row.ip === '203.0.113.7' || row.ip === '198.51.100.9')).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(password);
      expect(JSON.stringify(rows)).not.toContain('wrong-password');
      const failed = rows.find((row) => row.type === 'sign_in_failed');
      expect(failed?.detail).toEqual({ email });
    });

    test('a failed sign-in for an unknown email is logged with the email tried and no user', async () => {
      const email = newEmail();
      await signIn({ email, password }, client);
      const db = await getDb();
      const rows = await db.auditEvent.findMany({ where: { type: 'sign_in_failed', userId: null } });
      expect(rows.some((row) => (row.detail as { email?: string } | null)?.email === email)).toBe(true);
    });

    test('refresh-token reuse and sign out everywhere are logged', async () => {
      const email = newEmail();
      const first = await signUp({ email, password }, client);
      if (!first.ok) throw new Error('sign-up failed');
      await rotate(first.tokens.refreshToken);
      await ageRotation(first.tokens.refreshToken, 11);
      await refreshSession(first.tokens.refreshToken, client);
      const other = await signIn({ email, password }, client);
      if (!other.ok) throw new Error('sign-in failed');
      await revokeAllUserSessions((await verifyAccessToken(other.tokens.accessToken))!.userId, client);
      expect(await validateAccessToken(other.tokens.accessToken)).toBeNull();
      expect(await eventsOf(email)).toEqual(['sign_up', 'refresh_reuse_detected', 'sign_in', 'sessions_revoked_all']);
    });
  });
}
