import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { COMMAND_LINE, recordEvent } from '../audit';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import type { ClientInfo } from '../request/client-info';
import { SCOPES } from './scopes';

// The apps that sign their users in through Latchkey (RFC 6749 section 2: client registration).
// A client_id is random and public. A confidential client also gets a secret of 256 random bits,
// shown once; only its SHA-256 is kept (a secret that long needs no slow hash: it cannot be
// guessed, only stolen). Every change is written to the audit log in its transaction.

export type ClientType = 'PUBLIC' | 'CONFIDENTIAL';
export type AppClient = {
  id: string;
  name: string;
  type: ClientType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  disabledAt: Date | null;
  createdAt: Date;
};

/** Who changes a client: an admin, or null for `npm run clients:create`. */
export type ClientActor = { id: string; email: string } | null;

const CLIENT_ID_BYTES = 16;
const SECRET_BYTES = 32;
const MAX_URIS = 10;

const isLoopback = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

// RFC 6749 section 3.1.2 and OAuth 2.0 Security BCP: absolute, no fragment, compared exactly.
// Plain http only on this machine's loopback (a developer's app, a native app's local server).
// One problem per URI, the first found: what is not a URL has neither a fragment nor a scheme.
function uriProblem(value: string): 'uri_invalid' | 'uri_fragment' | 'uri_insecure' | null {
  if (!URL.canParse(value)) return 'uri_invalid';
  const url = new URL(value);
  if (url.hash || value.includes('#')) return 'uri_fragment';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) return null;
  return 'uri_insecure';
}

const redirectUriSchema = z
  .string()
  .trim()
  .max(2000, { message: 'uri_too_long', abort: true })
  .superRefine((value, context) => {
    const problem = uriProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

const uriListSchema = (min: number) =>
  z
    .array(redirectUriSchema)
    .min(min, 'uri_required')
    .max(MAX_URIS, 'uri_too_many')
    .transform((uris) => [...new Set(uris)]);

export const clientInputSchema = z.object({
  name: z.string().trim().min(1, 'name_required').max(100, 'name_too_long'),
  redirectUris: uriListSchema(1),
  postLogoutRedirectUris: uriListSchema(0),
  // openid always: every client of an OpenID Connect provider signs people in.
  scopes: z
    .array(z.enum(SCOPES, 'scope_unknown'))
    .transform((scopes) => SCOPES.filter((scope) => scope === 'openid' || scopes.includes(scope))),
});
export type ClientInput = z.infer<typeof clientInputSchema>;

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(SECRET_BYTES).toString('base64url');

const clientFields = {
  id: true,
  name: true,
  type: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  scopes: true,
  disabledAt: true,
  createdAt: true,
} as const satisfies Prisma.AppClientSelect;

function eventBy(actor: ClientActor) {
  return { userId: actor?.id ?? null, by: actor?.email ?? COMMAND_LINE };
}

async function record(
  tx: Prisma.TransactionClient,
  type: 'app_client_created' | 'app_client_updated' | 'app_client_secret_rotated' | 'app_client_disabled' | 'app_client_enabled',
  client: { id: string; name: string },
  actor: ClientActor,
  request: ClientInfo,
): Promise<void> {
  const { userId, by } = eventBy(actor);
  await recordEvent({ type, userId, client: request, detail: { clientId: client.id, app: client.name, by } }, tx);
}

/** Registers a client. The secret (confidential clients only) is returned this once. */
export async function createClient(
  input: ClientInput,
  type: ClientType,
  actor: ClientActor,
  request: ClientInfo,
): Promise<{ client: AppClient; secret: string | null }> {
  const secret = type === 'CONFIDENTIAL' ? newSecret() : null;
  const db = await getDb();
  const client = await db.$transaction(async (tx) => {
    const created = await tx.appClient.create({
      data: { id: randomBytes(CLIENT_ID_BYTES).toString('base64url'), type, secretHash: secret ? hashSecret(secret) : null, ...input },
      select: clientFields,
    });
    await record(tx, 'app_client_created', created, actor, request);
    return created;
  });
  return { client, secret };
}

export async function listClients(): Promise<AppClient[]> {
  const db = await getDb();
  return db.appClient.findMany({ select: clientFields, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

export async function findClient(clientId: string): Promise<AppClient | null> {
  if (clientId.length === 0 || clientId.length > 100) return null;
  const db = await getDb();
  return db.appClient.findUnique({ where: { id: clientId }, select: clientFields });
}

type ChangeResult<T = object> = ({ ok: true } & T) | { ok: false; error: 'not_found' };

async function changeClient<T extends object>(
  clientId: string,
  apply: (tx: Prisma.TransactionClient, client: AppClient) => Promise<T>,
): Promise<ChangeResult<T>> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const client = await tx.appClient.findUnique({ where: { id: clientId }, select: clientFields });
    if (!client) return { ok: false, error: 'not_found' } as const;
    return { ok: true, ...(await apply(tx, client)) } as const;
  });
}

/**
 * Changes a client's name, URIs and scopes. Scopes taken away end the grants that hold them:
 * an app must not keep, through a refresh token, what it may no longer ask for. Nor through a
 * code not yet exchanged (it lives a minute): those holding a scope or a redirect URI taken away
 * are deleted. Used codes stay, so presenting one again still revokes what it gave.
 */
export function updateClient(clientId: string, input: ClientInput, actor: ClientActor, request: ClientInfo): Promise<ChangeResult> {
  return changeClient(clientId, async (tx, client) => {
    const removed = client.scopes.filter((scope) => !(input.scopes as string[]).includes(scope));
    await tx.appClient.update({ where: { id: clientId }, data: input });
    if (removed.length > 0) await endClientGrants(tx, { clientId, scopes: { hasSome: removed } });
    await tx.authorizationCode.deleteMany({
      where: { clientId, usedAt: null, OR: [{ scopes: { hasSome: removed } }, { redirectUri: { notIn: input.redirectUris } }] },
    });
    await record(tx, 'app_client_updated', { id: clientId, name: input.name }, actor, request);
    return {};
  });
}

/** A new secret for a confidential client; the old one stops working at once. */
export function rotateClientSecret(clientId: string, actor: ClientActor, request: ClientInfo): Promise<ChangeResult<{ secret: string | null }>> {
  return changeClient(clientId, async (tx, client) => {
    if (client.type !== 'CONFIDENTIAL') return { secret: null };
    const secret = newSecret();
    await tx.appClient.update({ where: { id: clientId }, data: { secretHash: hashSecret(secret) } });
    await record(tx, 'app_client_secret_rotated', client, actor, request);
    return { secret };
  });
}

/** Disabling ends every grant of the client: its tokens stop working at once. */
export function setClientDisabled(clientId: string, disabled: boolean, actor: ClientActor, request: ClientInfo): Promise<ChangeResult> {
  return changeClient(clientId, async (tx, client) => {
    if ((client.disabledAt !== null) === disabled) return {};
    await tx.appClient.update({ where: { id: clientId }, data: { disabledAt: disabled ? new Date() : null } });
    if (disabled) await endClientGrants(tx, { clientId });
    await record(tx, disabled ? 'app_client_disabled' : 'app_client_enabled', client, actor, request);
    return {};
  });
}

/** Ends the app grants (sessions of a client) matching `where`, with their refresh tokens. */
export async function endClientGrants(tx: Prisma.TransactionClient, where: Prisma.SessionWhereInput & { clientId: string }): Promise<void> {
  const now = new Date();
  const live = { ...where, revokedAt: null };
  await tx.refreshToken.updateMany({ where: { session: live, revokedAt: null }, data: { revokedAt: now } });
  await tx.session.updateMany({ where: live, data: { revokedAt: now } });
}

export type AuthenticatedClient = { ok: true; client: AppClient } | { ok: false; error: 'invalid_client' };

/**
 * RFC 6749 section 2.3: the client of a token, revocation or logout request. A confidential
 * client proves itself with its secret (client_secret_basic or client_secret_post); a public one
 * only names itself (its code is bound to it by PKCE). A disabled client is refused like an unknown one.
 */
export async function authenticateClient(credentials: { clientId: string; secret: string | null }): Promise<AuthenticatedClient> {
  const db = await getDb();
  const row =
    credentials.clientId.length <= 100
      ? await db.appClient.findUnique({ where: { id: credentials.clientId }, select: { ...clientFields, secretHash: true } })
      : null;
  if (!row || row.disabledAt) return { ok: false, error: 'invalid_client' };
  const { secretHash, ...client } = row;
  if (client.type === 'CONFIDENTIAL' && !secretMatches(credentials.secret, secretHash)) return { ok: false, error: 'invalid_client' };
  if (client.type === 'PUBLIC' && credentials.secret !== null) return { ok: false, error: 'invalid_client' };
  return { ok: true, client };
}

function secretMatches(secret: string | null, storedHash: string | null): boolean {
  if (secret === null || storedHash === null) return false;
  return timingSafeEqual(Buffer.from(hashSecret(secret), 'hex'), Buffer.from(storedHash, 'hex'));
}
