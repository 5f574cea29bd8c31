import { expect, test } from 'vitest';
import { changePassword } from '@/lib/accounts/password-change';
import { endSession, refreshSession, revokeAllUserSessions, revokeUserSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import { signUp } from '@/lib/accounts/sign-up';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';
import { client, newEmail, password, sessionIdOf } from '../support/accounts';
import { describeOnDatabase } from '../support/database';
import { ageRotation, rotate } from '../support/refresh-tokens';

// The audit log of the account flows (lib/audit.ts), run against each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Each test file gives its flows an empty database of their
// own.

export function describeAuditFlows(name: string): void {
  describeOnDatabase(`audit log on ${name}`, () => {
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
