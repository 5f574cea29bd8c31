import { expect, test } from 'vitest';
import { deleteExpiredData } from '@/lib/accounts/cleanup';
import { listActiveSessions, refreshSession, revokeUserSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import { signUp } from '@/lib/accounts/sign-up';
import { hashToken } from '@/lib/auth/refresh-token';
import { getDb } from '@/lib/db';
import { client, newEmail, newSession, password, sessionIdOf } from '../support/accounts';
import { describeOnDatabase } from '../support/database';
import { ageRotation, rotate } from '../support/refresh-tokens';

// Sessions (lib/accounts/sessions.ts): refresh-token rotation, reuse, the grace window, lifetimes,
// cleanup and revocation, run against each database Latchkey supports (pglite.test.ts,
// postgres.test.ts). Each test file gives its flows an empty database of their own.

export function describeSessionsFlows(name: string): void {
  describeOnDatabase(`sessions on ${name}`, () => {
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
  });
}
