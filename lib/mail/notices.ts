import 'server-only';
import type { Prisma } from '../db/generated/client';
import type { ClientInfo } from '../request/client-info';
import { describeDevice } from '../request/user-agent';
import { enqueueMail } from './queue';

// Security notices: a mail to the account's owner about a change they should know of. Queued in
// the transaction of the change, so a notice goes out exactly when the change happened.

export type SecurityNotice = 'password_changed' | 'new_sign_in' | 'refresh_reuse_detected' | 'mfa_enabled' | 'mfa_disabled';

/** Queues a notice to the user's email, naming the device and address the change came from. */
export async function sendSecurityNotice(
  tx: Prisma.TransactionClient,
  userId: string,
  kind: SecurityNotice,
  client: ClientInfo,
): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return;
  await enqueueMail(tx, user.email, { kind, device: describeDevice(client.userAgent), ip: client.ip, at: new Date() });
}

/**
 * Sends the new-sign-in notice unless the browser is recognised. Recognised means: an earlier
 * sign-up or sign-in of this user, in the audit log, came from the same browser on the same
 * operating system ("Chrome on Linux"), whatever the address or browser version. An account with
 * no earlier sign-up or sign-in at all (a seeded demo account) has nothing to compare with, and
 * its first sign-in sends no notice. Call it before recording the sign-in itself.
 */
export async function sendNewDeviceNotice(tx: Prisma.TransactionClient, userId: string, client: ClientInfo): Promise<void> {
  const earlier = await tx.auditEvent.groupBy({ by: ['userAgent'], where: { userId, type: { in: ['sign_up', 'sign_in'] } } });
  if (earlier.length === 0) return;
  const device = describeDevice(client.userAgent);
  if (earlier.some((event) => describeDevice(event.userAgent) === device)) return;
  await sendSecurityNotice(tx, userId, 'new_sign_in', client);
}
