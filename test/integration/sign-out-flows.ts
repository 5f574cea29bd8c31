import { expect, test } from 'vitest';
import { endSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signUp } from '@/lib/accounts/sign-up';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';
import { client, newEmail, password, sessionIdOf } from '../support/accounts';
import { describeOnDatabase } from '../support/database';

// Signing out (endSession, lib/accounts/sessions.ts), run against each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Each test file gives its flows an empty database of their
// own.

export function describeSignOutFlows(name: string): void {
  describeOnDatabase(`sign-out on ${name}`, () => {
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

    test('sign-out with only the refresh token (access token expired) still ends the session', async () => {
      const result = await signUp({ email: newEmail(), password }, client);
      if (!result.ok) throw new Error('sign-up failed');
      await endSession({ accessToken: null, refreshToken: result.tokens.refreshToken }, client);
      expect(await validateAccessToken(result.tokens.accessToken)).toBeNull();
    });
  });
}
