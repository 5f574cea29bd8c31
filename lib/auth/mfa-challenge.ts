import { randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { getConfig } from '../config';
import { type Db, getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { deriveKey } from './derived-keys';

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
const TOKEN_TYPE = 'mfa-challenge+jwt';
const AUDIENCE = 'latchkey:mfa-challenge';
const MAX_TOKEN_LENGTH = 2048;

export type MfaChallenge = { id: string; userId: string };

const claimsSchema = z.object({ sub: z.uuid(), jti: z.uuid() });

function challengeKey(): Uint8Array {
  return new Uint8Array(deriveKey('mfa challenge signing'));
}

/** The token of a challenge; on its own it proves nothing until its row is checked. */
export async function signMfaChallenge(challenge: MfaChallenge, issuedAt = Math.floor(Date.now() / 1000)): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
    .setSubject(challenge.userId)
    .setIssuer(getConfig().appUrl)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + MFA_CHALLENGE_TTL_SECONDS)
    .setJti(challenge.id)
    .sign(challengeKey());
}

/** The challenge a token names, or null for anything that is not a validly signed, unexpired one. */
export async function verifyMfaChallenge(token: string): Promise<MfaChallenge | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, challengeKey(), {
      algorithms: ['HS256'],
      typ: TOKEN_TYPE,
      issuer: getConfig().appUrl,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? { id: claims.data.jti, userId: claims.data.sub } : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

/** Records a new challenge for a user who gave the right password, and returns its token. */
export async function issueMfaChallenge(db: Db | Prisma.TransactionClient, userId: string): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const challenge = { id: randomUUID(), userId };
  await db.mfaChallenge.create({ data: { ...challenge, expiresAt: new Date((issuedAt + MFA_CHALLENGE_TTL_SECONDS) * 1000) } });
  return signMfaChallenge(challenge, issuedAt);
}

/** The challenge behind a token if it can still be redeemed: signed, unexpired, unused, not ended. */
export async function findOutstandingMfaChallenge(token: string): Promise<MfaChallenge | null> {
  const challenge = await verifyMfaChallenge(token);
  if (!challenge) return null;
  const db = await getDb();
  const row = await db.mfaChallenge.findFirst({ where: outstanding(challenge, new Date()), select: { id: true } });
  return row ? challenge : null;
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
