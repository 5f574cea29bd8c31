import 'server-only';
import type { Prisma } from '../db/generated/client';
import { retireEmailTokens } from '../auth/email-tokens';
import { endMfaChallenges } from '../auth/mfa-challenge';

/**
 * Sets a new password hash inside the caller's transaction, and ends what the old password
 * started: unused reset links (one mailed before the change must not undo it) and second-factor
 * challenges (they prove a password that is no longer the account's). Sessions are the caller's
 * to end: a change keeps the current one, a reset ends them all.
 */
export async function replacePassword(tx: Prisma.TransactionClient, userId: string, passwordHash: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash } });
  await retireEmailTokens(tx, userId, 'RESET');
  await endMfaChallenges(tx, userId);
}
