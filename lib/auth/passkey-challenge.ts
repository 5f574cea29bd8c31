import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { type TokenPurpose, signPurposeToken, verifyPurposeToken } from './purpose-tokens';

// The challenge of one passkey ceremony: 32 random bytes the authenticator signs. It is kept on
// the server's side without a row per ceremony (the sign-in page starts one for passkey autofill
// on every visit): a signed token in an HttpOnly cookie of the browser that asked for it, lasting
// 5 minutes, saying what the ceremony is for and for whom. When an answer is accepted, the
// token's `jti` is written to UsedPasskeyChallenge in the transaction that acts on it, so a
// replayed or racing answer to the same challenge makes nothing a second time.

export const PASSKEY_CHALLENGE_TTL_SECONDS = 5 * 60;

/**
 * What a ceremony is for: signing in without a password; the second factor after a password;
 * confirming it is the user before a sensitive change (step-up); adding a passkey to an account;
 * creating an account with a passkey.
 */
export const CEREMONIES = ['sign-in', 'second-factor', 'step-up', 'add', 'sign-up'] as const;
export type Ceremony = (typeof CEREMONIES)[number];

const claims = z.object({
  jti: z.uuid(),
  /** The user, when known: the signed-in user, the one a password proved, or the account being created. */
  sub: z.uuid().optional(),
  cer: z.enum(CEREMONIES),
  /** The challenge, base64url, as the authenticator signs it. */
  chl: z.base64url().length(43),
  /** The session adding a passkey or confirming itself: the answer counts for it alone. */
  sid: z.uuid().optional(),
  /** For a new account: its email and the user handle its authenticator was given. */
  email: z.string().max(254).optional(),
  uh: z.base64url().optional(),
});
export type PasskeyChallenge = z.infer<typeof claims>;

const PASSKEY_CHALLENGE: TokenPurpose<PasskeyChallenge> = {
  key: 'passkey challenge signing',
  typ: 'passkey-challenge+jwt',
  audience: 'latchkey:passkey-challenge',
  ttlSeconds: PASSKEY_CHALLENGE_TTL_SECONDS,
  maxLength: 2048,
  claims,
};

export type IssuedChallenge = { challenge: PasskeyChallenge; token: string };

/** A new challenge for a ceremony, and the token that carries it to the browser's cookie. */
export async function issuePasskeyChallenge(ceremony: Ceremony, bound: Omit<PasskeyChallenge, 'jti' | 'cer' | 'chl'> = {}): Promise<IssuedChallenge> {
  const challenge: PasskeyChallenge = { ...bound, jti: randomUUID(), cer: ceremony, chl: randomBytes(32).toString('base64url') };
  return { challenge, token: await signPurposeToken(PASSKEY_CHALLENGE, challenge) };
}

/**
 * The challenge a token carries if it can still be answered: signed, unexpired, for this
 * ceremony and not answered already. A replay is refused here before its answer is verified or
 * counted; redeemPasskeyChallenge, in the transaction, is what makes a challenge work once.
 */
export async function findOutstandingPasskeyChallenge(token: string | null, ceremony: Ceremony): Promise<PasskeyChallenge | null> {
  const challenge = token ? await verifyPurposeToken(PASSKEY_CHALLENGE, token) : null;
  if (challenge?.cer !== ceremony) return null;
  const db = await getDb();
  return (await db.usedPasskeyChallenge.findUnique({ where: { id: challenge.jti }, select: { id: true } })) ? null : challenge;
}

/**
 * Uses a challenge up, inside the transaction that acts on its answer. Of two transactions
 * answering the same challenge, the second waits on the first's row and then inserts nothing.
 */
export async function redeemPasskeyChallenge(tx: Prisma.TransactionClient, challenge: PasskeyChallenge): Promise<boolean> {
  const expiresAt = new Date(Date.now() + PASSKEY_CHALLENGE_TTL_SECONDS * 1000);
  const { count } = await tx.usedPasskeyChallenge.createMany({ data: [{ id: challenge.jti, expiresAt }], skipDuplicates: true });
  return count === 1;
}
