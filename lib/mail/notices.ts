import 'server-only';
import type { Prisma } from '../db/generated/client';
import type { ClientInfo } from '../request/client-info';
import { deviceWordsIn } from '../request/device-words';
import { describeDevice } from '../request/user-agent';
import { enqueueMail, mailLocale } from './queue';
import type { MailTemplate, NoticeContext } from './templates';

// Security notices: a mail to the account's owner about a change they should know of. Queued in
// the transaction of the change, so a notice goes out exactly when the change happened. In the
// owner's saved language, else DEFAULT_LOCALE: a notice may come from a request that is not the
// owner's (an admin's, a thief's), whose language says nothing about the owner's.

export type SecurityNotice = 'password_changed' | 'password_set' | 'new_sign_in' | 'refresh_reuse_detected' | 'mfa_enabled' | 'mfa_disabled';
export type PasskeyNotice = 'passkey_added' | 'passkey_removed' | 'passkey_removed_by_admin' | 'passkey_clone_suspected';

/** Queues a notice to the user's email, naming the device and address the change came from. */
export async function sendSecurityNotice(tx: Prisma.TransactionClient, userId: string, kind: SecurityNotice, client: ClientInfo): Promise<void> {
  await notify(tx, userId, client, (context) => ({ kind, ...context }));
}

/** The same, about one passkey, named as its owner named it. */
export async function sendPasskeyNotice(tx: Prisma.TransactionClient, userId: string, kind: PasskeyNotice, passkeyName: string, client: ClientInfo): Promise<void> {
  await notify(tx, userId, client, (context) => ({ kind, passkeyName, ...context }));
}

export type ProviderNotice = 'provider_linked' | 'provider_unlinked';

/** The same, about a connected provider account, by the provider's name. */
export async function sendProviderNotice(tx: Prisma.TransactionClient, userId: string, kind: ProviderNotice, providerName: string, client: ClientInfo): Promise<void> {
  await notify(tx, userId, client, (context) => ({ kind, providerName, ...context }));
}

async function notify(tx: Prisma.TransactionClient, userId: string, client: ClientInfo, template: (context: NoticeContext) => MailTemplate): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, locale: true } });
  if (!user) return;
  const locale = mailLocale(user.locale);
  await enqueueMail(tx, user.email, template({ device: describeDevice(client.userAgent, deviceWordsIn(locale)), ip: client.ip, at: new Date() }), locale);
}
