import 'server-only';
import { createHash, randomInt } from 'node:crypto';
import type { Prisma } from '../db/generated/client';

// Recovery codes let a user who lost their authenticator sign in. Each is 10 random base32
// characters (50 bits), shown once as `abcde-fghij`. Only the SHA-256 of a code is stored: a
// slow hash is for guessable passwords, and these are random. Using a code deletes its row, with
// a conditional delete, so a code works exactly once even when two requests race with it.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const LENGTH = 10;

function generateRecoveryCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Case, spaces and dashes do not matter: people retype these from paper. */
function normalise(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export function isRecoveryCode(code: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normalise(code));
}

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalise(code)).digest('base64url');
}

/** Replaces a user's codes with a new set and returns it: the only time the codes are seen. */
export async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/** Uses up a code. Returns whether it was one of the user's unused codes. */
export async function consumeRecoveryCode(tx: Prisma.TransactionClient, userId: string, code: string): Promise<boolean> {
  if (!isRecoveryCode(code)) return false;
  const { count } = await tx.recoveryCode.deleteMany({ where: { userId, codeHash: hashRecoveryCode(code) } });
  return count === 1;
}
