import { SignJWT, decodeJwt } from 'jose';
import { expect, test } from 'vitest';
import { endSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signUp } from '@/lib/accounts/sign-up';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db';
import { client, newEmail, password, sessionIdOf } from '../support/accounts';
import { describeOnDatabase } from '../support/database';

// What the DAL makes of an access token (validateAccessToken, lib/accounts/sessions.ts), run
// against each database Latchkey supports (pglite.test.ts, postgres.test.ts). Each test file gives
// its flows an empty database of their own.

/** A copy of a real access token, signed with the test secret, with some claims replaced. */
async function resignedToken(accessToken: string, replaced: Record<string, unknown>): Promise<string> {
  const { iat, exp, ...claims } = decodeJwt(accessToken);
  return new SignJWT({ ...claims, ...replaced })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setIssuedAt(iat)
    .setExpirationTime(exp!)
    .sign(new TextEncoder().encode(process.env.JWT_SECRET));
}

export function describeAccessTokenFlows(name: string): void {
  describeOnDatabase(`access tokens on ${name}`, () => {
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
  });
}
