import 'server-only';
import { recordEvent } from '../audit';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import type { ClientInfo } from '../request/client-info';
import { endClientGrants } from './clients';

// Consent (OpenID Connect Core 1.0 section 3.1.2.4): a user's "Allow" is remembered per app, with
// the scopes allowed, so the screen is shown again only for a scope not yet allowed or when the
// app asks (prompt=consent). Settings → Apps lists the apps and revokes their access.

/** The scopes asked for that the user has not yet allowed this app; empty means no screen is needed. */
export async function scopesToAsk(userId: string, clientId: string, scopes: string[]): Promise<string[]> {
  const db = await getDb();
  const consent = await db.appConsent.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { scopes: true } });
  return scopes.filter((scope) => !consent?.scopes.includes(scope));
}

/** Remembers an "Allow", in the transaction that issues the code; adds to scopes allowed before. */
export async function rememberConsent(
  tx: Prisma.TransactionClient,
  consent: { userId: string; clientId: string; appName: string; scopes: string[] },
  client: ClientInfo,
): Promise<void> {
  const { userId, clientId, appName, scopes } = consent;
  const existing = await tx.appConsent.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { scopes: true } });
  const added = scopes.filter((scope) => !existing?.scopes.includes(scope));
  if (existing && added.length === 0) return;
  const all = [...(existing?.scopes ?? []), ...added];
  await tx.appConsent.upsert({
    where: { userId_clientId: { userId, clientId } },
    create: { userId, clientId, scopes: all },
    update: { scopes: all },
  });
  await recordEvent({ type: 'app_consent_given', userId, client, detail: { clientId, app: appName, scopes: added.join(' ') } }, tx);
}

export type AppWithAccess = { clientId: string; name: string; scopes: string[]; allowedAt: Date };

/** The apps a user has allowed, for Settings → Apps, most recently allowed first. */
export async function listAppsWithAccess(userId: string): Promise<AppWithAccess[]> {
  const db = await getDb();
  const consents = await db.appConsent.findMany({
    where: { userId },
    select: { clientId: true, scopes: true, updatedAt: true, client: { select: { name: true } } },
    orderBy: { updatedAt: 'desc' },
  });
  return consents.map((consent) => ({ clientId: consent.clientId, name: consent.client.name, scopes: consent.scopes, allowedAt: consent.updatedAt }));
}

/**
 * "Revoke access": forgets the consent and ends every grant of the app for this user, so its
 * refresh tokens and access tokens stop working at once. Revoking an app without access changes nothing.
 */
export async function revokeAppAccess(userId: string, clientId: string, client: ClientInfo): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const consent = await tx.appConsent.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { client: { select: { name: true } } } });
    if (!consent) return;
    await tx.appConsent.delete({ where: { userId_clientId: { userId, clientId } } });
    await endClientGrants(tx, { clientId, userId });
    await recordEvent({ type: 'app_consent_revoked', userId, client, detail: { clientId, app: consent.client.name } }, tx);
  });
}
