import { getConfig } from '../config';
import { getDb } from '../db';
import { longestWindowSeconds } from './throttle';

/**
 * Deletes what can no longer be used: ended sessions (revoked, past their absolute end, or idle)
 * with their tokens, and rotated or revoked tokens of live sessions. A rotated token is kept
 * through its grace window, since it may still be presented legitimately by a racing request.
 * Reuse of an older token is still caught by its session's tag (lib/auth/refresh-token.ts), so
 * the table holds about one row per live session however often they refresh. Rate-limit attempts
 * older than the longest window no longer count and go too.
 */
export async function deleteStaleSessionData(now = new Date()): Promise<{ sessions: number; tokens: number; attempts: number }> {
  const { refreshReuseGrace, sessionIdleTtl } = getConfig();
  const db = await getDb();
  const sessions = await db.session.deleteMany({
    where: {
      OR: [
        { revokedAt: { not: null } },
        { expiresAt: { lte: now } },
        { lastActiveAt: { lte: new Date(now.getTime() - sessionIdleTtl * 1000) } },
      ],
    },
  });
  const tokens = await db.refreshToken.deleteMany({
    where: {
      OR: [
        { revokedAt: { not: null } },
        { expiresAt: { lte: now } },
        { usedAt: { lte: new Date(now.getTime() - refreshReuseGrace * 1000) } },
      ],
    },
  });
  const attempts = await db.throttleAttempt.deleteMany({
    where: { createdAt: { lte: new Date(now.getTime() - longestWindowSeconds() * 1000) } },
  });
  return { sessions: sessions.count, tokens: tokens.count, attempts: attempts.count };
}
