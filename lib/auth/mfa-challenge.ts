import 'server-only';
import { randomUUID } from 'node:crypto';
import { type Db, getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { type TokenPurpose, signPurposeToken, verifyPurposeToken } from './purpose-tokens';

// The proof that someone gave the right password of an account that also needs a second factor:
// a JWT that lives 5 minutes, in its own cookie for the browser and as `mfa_token` in the API.
// It can only be exchanged, together with a code, for a session. It is kept apart from access
// tokens in three ways, so neither can ever pass for the other: its own key (derived from
// JWT_SECRET with HKDF), its own `typ` and its own audience.
//
// Each challenge is also a row (MfaChallenge, id = the token's `jti`), so it works once: it is
// redeemed in the transaction that creates the session, and a password change ends the user's
// outstanding ones (the password they proved is no longer theirs).

export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60;
const MFA_CHALLENGE: TokenPurpose = {
  key: 'mfa challenge signing',
  typ: 'mfa-challenge+jwt',
  audience: 'latchkey:mfa-challenge',
  ttlSeconds: MFA_CHALLENGE_TTL_SECONDS,
  maxLength: 2048,
};

export type MfaChallenge = { id: string; userId: string };
/** A challenge found outstanding, with how its first factor was proved (RFC 8176 values). */
export type OutstandingMfaChallenge = MfaChallenge & { amr: string[] };

/** The token of a challenge; on its own it proves nothing until its row is checked. */
export function signMfaChallenge(challenge: MfaChallenge, issuedAt?: number): Promise<string> {
  return signPurposeToken(MFA_CHALLENGE, { sub: challenge.userId, jti: challenge.id }, issuedAt);
}

/** The challenge a token names, or null for anything that is not a validly signed, unexpired one. */
export async function verifyMfaChallenge(token: string): Promise<MfaChallenge | null> {
  const claims = await verifyPurposeToken(MFA_CHALLENGE, token);
  return claims && { id: claims.jti, userId: claims.sub };
}

/** Records a new challenge for a user who proved a first factor (`amr`), and returns its token. */
export async function issueMfaChallenge(db: Db | Prisma.TransactionClient, userId: string, amr: readonly string[]): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const challenge = { id: randomUUID(), userId };
  await db.mfaChallenge.create({ data: { ...challenge, amr: [...amr], expiresAt: new Date((issuedAt + MFA_CHALLENGE_TTL_SECONDS) * 1000) } });
  return signMfaChallenge(challenge, issuedAt);
}

/** The challenge behind a token if it can still be redeemed: signed, unexpired, unused, not ended. */
export async function findOutstandingMfaChallenge(token: string): Promise<OutstandingMfaChallenge | null> {
  const challenge = await verifyMfaChallenge(token);
  if (!challenge) return null;
  const db = await getDb();
  const row = await db.mfaChallenge.findFirst({ where: outstanding(challenge, new Date()), select: { amr: true } });
  return row ? { ...challenge, amr: row.amr } : null;
}

/**
 * Uses a challenge up, inside the transaction that creates its session. A conditional update: of
 * two redemptions racing each other, the second waits for the first's row lock and then finds
 * the challenge used, so one challenge never makes two sessions.
 */
export async function redeemMfaChallenge(tx: Prisma.TransactionClient, challenge: MfaChallenge): Promise<boolean> {
  const now = new Date();
  const { count } = await tx.mfaChallenge.updateMany({ where: outstanding(challenge, now), data: { usedAt: now } });
  return count === 1;
}

/** Ends every challenge of a user (their password changed). */
export async function endMfaChallenges(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.mfaChallenge.deleteMany({ where: { userId } });
}

function outstanding(challenge: MfaChallenge, now: Date): Prisma.MfaChallengeWhereInput {
  return { id: challenge.id, userId: challenge.userId, usedAt: null, expiresAt: { gt: now } };
}
