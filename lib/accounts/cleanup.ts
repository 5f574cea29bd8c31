import 'server-only';
import { getConfig } from '../config';
import { getDb } from '../db';
import { longestWindowSeconds } from '../auth/throttle';
import { liveSessionWhere } from './live-sessions';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes what can no longer be used: ended sessions (revoked, past their absolute end, or idle)
 * with their tokens, and rotated or revoked tokens of live sessions. A rotated token is kept
 * through its grace window, since it may still be presented legitimately by a racing request.
 * Reuse of an older token is still caught by its session's tag (lib/auth/refresh-token.ts), so
 * the table holds about one row per live session however often they refresh. Rate-limit attempts
 * older than the longest window no longer count and go too, and so do second-factor challenges
 * past their 5 minutes (used or not: an expired one is refused either way), and the records of
 * answered passkey challenges once their tokens have expired. Apps' authorization codes are kept a
 * day past their 60 seconds, so a used one presented again still revokes its grant (RFC 6749
 * section 10.5) while that grant is likely to be in use. Mail links are kept a
 * week after they stop working, so an old link still gets "already used" or "expired" rather than
 * "not valid", and delivered or failed mail is kept 30 days for the outbox and the admins' mail
 * page.
 */
export async function deleteExpiredData(
  now = new Date(),
): Promise<{
  sessions: number;
  tokens: number;
  attempts: number;
  mfaChallenges: number;
  passkeyChallenges: number;
  authorizationCodes: number;
  emailTokens: number;
  mail: number;
}> {
  const { refreshReuseGrace } = getConfig();
  const db = await getDb();
  const sessions = await db.session.deleteMany({ where: { NOT: liveSessionWhere(now) } });
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
  const mfaChallenges = await db.mfaChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  const passkeyChallenges = await db.usedPasskeyChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  const authorizationCodes = await db.authorizationCode.deleteMany({ where: { expiresAt: { lte: new Date(now.getTime() - DAY_MS) } } });
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const emailTokens = await db.emailToken.deleteMany({ where: { OR: [{ usedAt: { lte: weekAgo } }, { expiresAt: { lte: weekAgo } }] } });
  const mail = await db.mailMessage.deleteMany({
    where: { createdAt: { lte: new Date(now.getTime() - 30 * DAY_MS) }, OR: [{ sentAt: { not: null } }, { failedAt: { not: null } }] },
  });
  return {
    sessions: sessions.count,
    tokens: tokens.count,
    attempts: attempts.count,
    mfaChallenges: mfaChallenges.count,
    passkeyChallenges: passkeyChallenges.count,
    authorizationCodes: authorizationCodes.count,
    emailTokens: emailTokens.count,
    mail: mail.count,
  };
}
