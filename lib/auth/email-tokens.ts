import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { EmailTokenPurpose, Prisma } from '../db/generated/client';
import { hashToken } from './refresh-token';

// Single-use links sent by mail: verify an email address (24 hours), reset a password (30 minutes).
// The token is 256 random bits; only its SHA-256 is stored, so a copy of the database holds no
// usable link. A new link of one purpose retires the user's older ones, and following a link
// claims it with a conditional update, so two clicks racing each other cannot both succeed.

export type { EmailTokenPurpose };

export const EMAIL_TOKEN_TTL_SECONDS: Record<EmailTokenPurpose, number> = {
  VERIFY: 24 * 3600,
  RESET: 30 * 60,
};

const TOKEN_BYTES = 32;
const FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** Why a link cannot be used: never seen (or altered), followed or replaced already, or too old. */
export type EmailTokenProblem = 'invalid' | 'used' | 'expired';
export type EmailTokenCheck = { ok: true; tokenId: string; userId: string } | { ok: false; error: EmailTokenProblem };

/** Creates a link token for the user, retiring their earlier unused ones of the same purpose. */
export async function issueEmailToken(
  tx: Prisma.TransactionClient,
  userId: string,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<string> {
  await retireEmailTokens(tx, userId, purpose, now);
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const expiresAt = new Date(now.getTime() + EMAIL_TOKEN_TTL_SECONDS[purpose] * 1000);
  await tx.emailToken.create({ data: { userId, purpose, tokenHash: hashToken(token), expiresAt } });
  return token;
}

/** Ends the user's unused links of one purpose: they answer "already used" from now on. */
export async function retireEmailTokens(tx: Prisma.TransactionClient, userId: string, purpose: EmailTokenPurpose, now = new Date()): Promise<void> {
  await tx.emailToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
}

/** Whether a token from a link could be used now, without using it (the reset form's page). */
export async function checkEmailToken(
  db: Db | Prisma.TransactionClient,
  token: unknown,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<EmailTokenCheck> {
  if (typeof token !== 'string' || !FORMAT.test(token)) return { ok: false, error: 'invalid' };
  const row = await db.emailToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, purpose: true, usedAt: true, expiresAt: true },
  });
  if (!row || row.purpose !== purpose) return { ok: false, error: 'invalid' };
  if (row.usedAt) return { ok: false, error: 'used' };
  if (row.expiresAt <= now) return { ok: false, error: 'expired' };
  return { ok: true, tokenId: row.id, userId: row.userId };
}

/** Uses a token inside the caller's transaction. Of two concurrent uses, exactly one succeeds. */
export async function consumeEmailToken(
  tx: Prisma.TransactionClient,
  token: unknown,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<EmailTokenCheck> {
  const check = await checkEmailToken(tx, token, purpose, now);
  if (!check.ok) return check;
  const { count } = await tx.emailToken.updateMany({
    where: { id: check.tokenId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1 ? check : { ok: false, error: 'used' };
}
