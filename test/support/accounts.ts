import { RECENT_AUTHENTICATION_SECONDS } from '@/lib/accounts/recent-authentication';
import { signUp } from '@/lib/accounts/sign-up';
import type { SessionTokens } from '@/lib/auth/session-tokens';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';

// Accounts for the integration and API tests: a fresh email each time, one password, one client.

export const client = { userAgent: 'vitest', ip: '203.0.113.7' };
export const password = 'correct-horse-battery';
let counter = 0;
export const newEmail = () => `user-${Date.now()}-${counter++}@example.com`;

/** Signs up a new account and returns its email (the sign-up's own session is left alone). */
export async function newUser(): Promise<string> {
  const email = newEmail();
  const result = await signUp({ email, password }, { userAgent: 'setup', ip: null });
  if (!result.ok) throw new Error('sign-up failed');
  return email;
}

/** Signs up a new account and returns the tokens of the session the sign-up started. */
export async function newSession(): Promise<SessionTokens> {
  const result = await signUp({ email: newEmail(), password }, client);
  if (!result.ok) throw new Error('sign-up failed');
  return result.tokens;
}

/** The session id inside freshly issued tokens. */
export async function sessionIdOf(tokens: SessionTokens): Promise<string> {
  const claims = await verifyAccessToken(tokens.accessToken);
  if (!claims) throw new Error('freshly issued access token did not verify');
  return claims.sessionId;
}

/** Makes the session's sign-in older than the 5 minutes that spare it the password. */
export async function ageSignIn(sessionId: string, seconds = RECENT_AUTHENTICATION_SECONDS + 1): Promise<void> {
  const db = await getDb();
  await db.session.update({ where: { id: sessionId }, data: { authenticatedAt: new Date(Date.now() - seconds * 1000) } });
}
