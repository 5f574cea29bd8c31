import 'server-only';
import { recordEvent } from '../audit';
import { type ProviderIdentity, findProvider } from '../auth/oidc';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { isUniqueViolation } from '../db/errors';
import { sendProviderNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';
import { isLastWayIn, lockSignInMethods } from './passkeys';
import type { ValidSession } from './sessions';

// Settings → Connected accounts: the provider identities linked to the signed-in account,
// connecting one more (the round trip started from settings, after a recent sign-in) and
// disconnecting one, never the last way in.

export type ConnectedAccount = { id: string; provider: string; name: string; email: string | null; createdAt: Date; lastUsedAt: Date | null };

export async function listConnectedAccounts(userId: string): Promise<ConnectedAccount[]> {
  const db = await getDb();
  const rows = await db.providerAccount.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, provider: true, email: true, createdAt: true, lastUsedAt: true },
  });
  return rows.map((row) => ({ ...row, name: providerName(row.provider) }));
}

/** A provider no longer configured keeps its rows, named by its id, until disconnected. */
function providerName(id: string): string {
  return findProvider(id)?.name ?? id;
}

export type ConnectResult = { ok: true } | { ok: false; error: 'linked_elsewhere' };

/** Links an identity to the signed-in account; one already linked to another account is refused. */
export async function connectProvider(current: ValidSession, identity: ProviderIdentity, name: string, client: ClientInfo): Promise<ConnectResult> {
  const db = await getDb();
  const existing = await db.providerAccount.findUnique({
    where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
    select: { userId: true },
  });
  if (existing) return existing.userId === current.user.id ? { ok: true } : refuseElsewhere(current.user.id, name, client);
  try {
    await db.$transaction((tx) => link(tx, current.user.id, identity, name, client));
    return { ok: true };
  } catch (error) {
    // Linked by a racing callback: to this account is fine, to another is not.
    if (!isUniqueViolation(error)) throw error;
    return connectProvider(current, identity, name, client);
  }
}

export type DisconnectResult = { ok: true } | { ok: false; error: 'not_found' | 'last_sign_in_method' };

/** Unlinks one identity, unless it is the account's last way in (no password, no passkey, no other provider). */
export async function disconnectProvider(userId: string, providerAccountId: string, client: ClientInfo): Promise<DisconnectResult> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const ways = await lockSignInMethods(tx, userId);
    const connected = await tx.providerAccount.findFirst({ where: { id: providerAccountId, userId }, select: { id: true, provider: true } });
    if (!ways || !connected) return { ok: false, error: 'not_found' } as const;
    if (isLastWayIn(ways)) return { ok: false, error: 'last_sign_in_method' } as const;
    await tx.providerAccount.delete({ where: { id: connected.id } });
    const name = providerName(connected.provider);
    await recordEvent({ type: 'provider_unlinked', userId, client, detail: { provider: name } }, tx);
    await sendProviderNotice(tx, userId, 'provider_unlinked', name, client);
    return { ok: true } as const;
  });
}

async function refuseElsewhere(userId: string, name: string, client: ClientInfo): Promise<ConnectResult> {
  await recordEvent({ type: 'provider_failed', userId, client, detail: { provider: name, reason: 'linked_elsewhere' } });
  return { ok: false, error: 'linked_elsewhere' };
}

/** Links an identity to an account, recorded and (unless the account is new) mailed to its owner. */
export async function link(
  tx: Prisma.TransactionClient,
  userId: string,
  identity: ProviderIdentity,
  name: string,
  client: ClientInfo,
  { notify = true }: { notify?: boolean } = {},
): Promise<null> {
  await tx.providerAccount.create({
    data: { userId, provider: identity.provider, issuer: identity.issuer, subject: identity.subject, email: identity.email, lastUsedAt: new Date() },
  });
  await recordEvent({ type: 'provider_linked', userId, client, detail: { provider: name } }, tx);
  if (notify) await sendProviderNotice(tx, userId, 'provider_linked', name, client);
  return null;
}
