import 'server-only';
import { recordEvent } from '../audit';
import type { Prisma } from '../db/generated/client';
import type { ClientInfo } from '../request/client-info';
import { changeSessionUser, revokeAllUserSessionsIn } from './sessions';

/**
 * Disables an account inside the caller's transaction: no sign-in from now, every session ended at
 * once, and the event recorded with who did it. Whether it may be disabled (the last admin, say)
 * is the caller's rule.
 */
export async function disableAccount(tx: Prisma.TransactionClient, userId: string, client: ClientInfo, by: string): Promise<void> {
  await changeSessionUser(tx, userId, { disabledAt: new Date() });
  await revokeAllUserSessionsIn(tx, userId);
  await recordEvent({ type: 'account_disabled', userId, client, detail: { by } }, tx);
}
