import { refreshSession } from '@/lib/accounts/sessions';
import type { SessionTokens } from '@/lib/auth/session-tokens';
import { hashToken } from '@/lib/auth/refresh-token';
import { getDb } from '@/lib/db';
import { client } from './accounts';

// Refresh-token rotation for the integration and API tests.

/** Rotates a refresh token that must still be good, returning the new pair. */
export async function rotate(token: string): Promise<SessionTokens> {
  const result = await refreshSession(token, client);
  if (!result.ok) throw new Error(`rotation failed: ${result.error}`);
  return result.tokens;
}

// Moves a rotated token's rotation time into the past, as if the grace window had passed.
export async function ageRotation(token: string, seconds: number): Promise<void> {
  const db = await getDb();
  await db.refreshToken.update({ where: { tokenHash: hashToken(token) }, data: { usedAt: new Date(Date.now() - seconds * 1000) } });
}
