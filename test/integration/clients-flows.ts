import { createHash, randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { createAppGrant } from '@/lib/accounts/sessions';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';
import {
  type ClientActor,
  type ClientInput,
  authenticateClient,
  clientInputSchema,
  createClient,
  findClient,
  listClients,
  rotateClientSecret,
  setClientDisabled,
  updateClient,
} from '@/lib/oauth/clients';
import { client as request, newSession } from '../support/accounts';
import { describeOnDatabase } from '../support/database';

// The apps registered with Latchkey (lib/oauth/clients.ts), run against each database
// (pglite.test.ts, postgres.test.ts): secrets shown once and kept hashed, client authentication,
// and what each change ends.

// The command line: no account behind the change (the admin's own are in the audit test).
const commandLine: ClientActor = null;
let counter = 0;

const input = (changes: Partial<Record<keyof ClientInput, unknown>> = {}): ClientInput =>
  clientInputSchema.parse({
    name: `App ${Date.now()}-${counter++}`,
    redirectUris: ['https://app.example.com/cb'],
    postLogoutRedirectUris: [],
    scopes: ['profile', 'email', 'offline_access'],
    ...changes,
  });

/** A new account and its browser session. */
async function newUser() {
  const { userId, sessionId } = (await verifyAccessToken((await newSession()).accessToken))!;
  return { userId, sessionId };
}

/** A new user, their browser session, and an app grant of `clientId` holding `scopes`, with a refresh token. */
async function grantOf(clientId: string, scopes: string[]) {
  const { userId, sessionId } = await newUser();
  const db = await getDb();
  const { grantId } = await db.$transaction((tx) =>
    createAppGrant(tx, { userId, clientId, scopes, amr: ['pwd'], authenticatedAt: new Date(), offline: true }, request),
  );
  return { userId, browserSessionId: sessionId, grantId };
}

/** Whether the grant and every refresh token of it still stand. */
async function grantLive(grantId: string): Promise<boolean> {
  const db = await getDb();
  const grant = await db.session.findUniqueOrThrow({ where: { id: grantId }, include: { refreshTokens: true } });
  expect(grant.refreshTokens.length).toBeGreaterThan(0);
  const tokensLive = grant.refreshTokens.every((token) => token.revokedAt === null);
  expect(tokensLive).toBe(grant.revokedAt === null);
  return grant.revokedAt === null;
}

/** An authorization code of the client, approved by the grant's user, used or not. */
async function codeOf(clientId: string, owner: { userId: string; browserSessionId: string }, code: { scopes: string[]; redirectUri: string; used?: boolean }) {
  const db = await getDb();
  const row = await db.authorizationCode.create({
    data: {
      codeHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      clientId,
      userId: owner.userId,
      browserSessionId: owner.browserSessionId,
      redirectUri: code.redirectUri,
      scopes: code.scopes,
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      authTime: new Date(),
      amr: ['pwd'],
      expiresAt: new Date(Date.now() + 60_000),
      usedAt: code.used ? new Date() : null,
    },
  });
  return row.id;
}

async function eventsOf(clientId: string) {
  const db = await getDb();
  const events = await db.auditEvent.findMany({ where: { type: { startsWith: 'app_client_' } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return events
    .filter((event) => (event.detail as { clientId?: string } | null)?.clientId === clientId)
    .map((event) => ({ type: event.type, userId: event.userId, detail: event.detail, ip: event.ip }));
}

export function describeClientsFlows(name: string): void {
  describeOnDatabase(`app clients on ${name}`, () => {
    test('a confidential client gets a secret, returned this once; only its SHA-256 is stored', async () => {
      const { client, secret } = await createClient(input(), 'CONFIDENTIAL', null, request);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(client.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(client.scopes).toEqual(['openid', 'profile', 'email', 'offline_access']);
      expect(client).not.toHaveProperty('secretHash');

      const db = await getDb();
      const row = await db.appClient.findUniqueOrThrow({ where: { id: client.id } });
      expect(row.secretHash).toBe(createHash('sha256').update(secret!).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(JSON.stringify(await findClient(client.id))).not.toContain(row.secretHash);
      expect((await listClients()).map((listed) => listed.id)).toContain(client.id);
    });

    test('a public client gets no secret and stores none', async () => {
      const { client, secret } = await createClient(input(), 'PUBLIC', null, request);
      expect(secret).toBeNull();
      expect((await (await getDb()).appClient.findUniqueOrThrow({ where: { id: client.id } })).secretHash).toBeNull();
    });

    test('client authentication: the right secret passes; a wrong or missing one, a public client sending one, an unknown or disabled client are refused alike', async () => {
      const confidential = await createClient(input(), 'CONFIDENTIAL', null, request);
      const publicApp = await createClient(input(), 'PUBLIC', null, request);
      const refused = { ok: false, error: 'invalid_client' };

      expect(await authenticateClient({ clientId: confidential.client.id, secret: confidential.secret })).toEqual({ ok: true, client: confidential.client });
      // The last character changed (a secret ending in A got itself back once in 64 runs).
      const wrongSecret = `${confidential.secret!.slice(0, -1)}${confidential.secret!.endsWith('A') ? 'B' : 'A'}`;
      expect(await authenticateClient({ clientId: confidential.client.id, secret: wrongSecret })).toEqual(refused);
      expect(await authenticateClient({ clientId: confidential.client.id, secret: '' })).toEqual(refused);
      expect(await authenticateClient({ clientId: confidential.client.id, secret: null })).toEqual(refused);

      expect(await authenticateClient({ clientId: publicApp.client.id, secret: null })).toEqual({ ok: true, client: publicApp.client });
      expect(await authenticateClient({ clientId: publicApp.client.id, secret: 'anything' })).toEqual(refused);

      expect(await authenticateClient({ clientId: 'no-such-client', secret: confidential.secret })).toEqual(refused);
      expect(await authenticateClient({ clientId: 'x'.repeat(101), secret: null })).toEqual(refused);

      await setClientDisabled(confidential.client.id, true, commandLine, request);
      await setClientDisabled(publicApp.client.id, true, commandLine, request);
      expect(await authenticateClient({ clientId: confidential.client.id, secret: confidential.secret })).toEqual(refused);
      expect(await authenticateClient({ clientId: publicApp.client.id, secret: null })).toEqual(refused);
    });

    test('a rotated secret replaces the old one at once; a public client has none to rotate', async () => {
      const { client, secret: old } = await createClient(input(), 'CONFIDENTIAL', null, request);
      const rotated = await rotateClientSecret(client.id, commandLine, request);
      if (!rotated.ok || !rotated.secret) throw new Error('rotation failed');
      expect(rotated.secret).not.toBe(old);
      expect(await authenticateClient({ clientId: client.id, secret: old })).toEqual({ ok: false, error: 'invalid_client' });
      expect((await authenticateClient({ clientId: client.id, secret: rotated.secret })).ok).toBe(true);

      const publicApp = await createClient(input(), 'PUBLIC', null, request);
      expect(await rotateClientSecret(publicApp.client.id, commandLine, request)).toEqual({ ok: true, secret: null });
      expect(await eventsOf(publicApp.client.id)).toHaveLength(1);
      expect(await rotateClientSecret('no-such-client', commandLine, request)).toEqual({ ok: false, error: 'not_found' });
    });

    test('an update changes the registration; scopes taken away end the grants holding them, and the others stay', async () => {
      const { client } = await createClient(input(), 'CONFIDENTIAL', null, request);
      const withEmail = await grantOf(client.id, ['openid', 'email']);
      const withOffline = await grantOf(client.id, ['openid', 'offline_access']);
      const openidOnly = await grantOf(client.id, ['openid', 'profile']);
      const changed = input({
        name: 'Renamed app',
        redirectUris: ['https://app.example.com/new-cb', 'http://localhost:8080/cb'],
        postLogoutRedirectUris: ['https://app.example.com/bye'],
        scopes: ['profile'],
      });

      expect(await updateClient(client.id, changed, commandLine, request)).toEqual({ ok: true });
      expect(await findClient(client.id)).toMatchObject({
        name: 'Renamed app',
        redirectUris: ['https://app.example.com/new-cb', 'http://localhost:8080/cb'],
        postLogoutRedirectUris: ['https://app.example.com/bye'],
        scopes: ['openid', 'profile'],
      });
      expect(await grantLive(withEmail.grantId)).toBe(false);
      expect(await grantLive(withOffline.grantId)).toBe(false);
      expect(await grantLive(openidOnly.grantId)).toBe(true);

      // Nothing taken away: nothing ends.
      expect(await updateClient(client.id, input({ name: 'Renamed again', scopes: ['profile', 'email'] }), commandLine, request)).toEqual({ ok: true });
      expect(await grantLive(openidOnly.grantId)).toBe(true);
      expect(await updateClient('no-such-client', changed, commandLine, request)).toEqual({ ok: false, error: 'not_found' });
    });

    test('an update deletes the unexchanged codes holding a scope or a redirect URI taken away; used codes stay for reuse detection', async () => {
      const { client } = await createClient(input({ redirectUris: ['https://app.example.com/cb', 'https://app.example.com/old'] }), 'PUBLIC', null, request);
      const owner = await grantOf(client.id, ['openid']);
      const keeps = await codeOf(client.id, owner, { scopes: ['openid', 'profile'], redirectUri: 'https://app.example.com/cb' });
      const withEmail = await codeOf(client.id, owner, { scopes: ['openid', 'email'], redirectUri: 'https://app.example.com/cb' });
      const oldUri = await codeOf(client.id, owner, { scopes: ['openid'], redirectUri: 'https://app.example.com/old' });
      const used = await codeOf(client.id, owner, { scopes: ['openid', 'email'], redirectUri: 'https://app.example.com/old', used: true });

      await updateClient(client.id, input({ redirectUris: ['https://app.example.com/cb'], scopes: ['profile'] }), commandLine, request);
      const db = await getDb();
      const left = await db.authorizationCode.findMany({ where: { clientId: client.id }, select: { id: true } });
      expect(left.map((row) => row.id).sort()).toEqual([keeps, used].sort());
      expect([withEmail, oldUri].some((id) => left.some((row) => row.id === id))).toBe(false);
    });

    test('disabling ends every grant of the client at once; enabling lets it in again but brings no grant back', async () => {
      const { client } = await createClient(input(), 'PUBLIC', null, request);
      const first = await grantOf(client.id, ['openid', 'offline_access']);
      const second = await grantOf(client.id, ['openid', 'email']);
      const { client: other } = await createClient(input(), 'PUBLIC', null, request);
      const othersGrant = await grantOf(other.id, ['openid', 'email']);

      expect(await setClientDisabled(client.id, true, commandLine, request)).toEqual({ ok: true });
      expect((await findClient(client.id))?.disabledAt).toBeInstanceOf(Date);
      expect(await grantLive(first.grantId)).toBe(false);
      expect(await grantLive(second.grantId)).toBe(false);
      expect(await grantLive(othersGrant.grantId)).toBe(true);
      // Disabling twice changes nothing and writes nothing.
      expect(await setClientDisabled(client.id, true, commandLine, request)).toEqual({ ok: true });

      expect(await setClientDisabled(client.id, false, commandLine, request)).toEqual({ ok: true });
      expect((await findClient(client.id))?.disabledAt).toBeNull();
      expect((await authenticateClient({ clientId: client.id, secret: null })).ok).toBe(true);
      expect(await grantLive(first.grantId)).toBe(false);
      expect((await eventsOf(client.id)).map((event) => event.type)).toEqual(['app_client_created', 'app_client_disabled', 'app_client_enabled']);
      expect(await setClientDisabled('no-such-client', true, commandLine, request)).toEqual({ ok: false, error: 'not_found' });
    });

    test('every change is in the audit log, naming the app and who made it: an admin, or the command line', async () => {
      const actor = await newUser();
      const byAdmin: ClientActor = { id: actor.userId, email: 'the-admin@example.com' };
      const { client } = await createClient(input({ name: 'Audited app' }), 'CONFIDENTIAL', null, request);
      await updateClient(client.id, input({ name: 'Audited app 2' }), byAdmin, request);
      await rotateClientSecret(client.id, byAdmin, request);
      await setClientDisabled(client.id, true, byAdmin, request);
      await setClientDisabled(client.id, false, byAdmin, request);

      const command = { by: 'the command line' };
      const admins = { by: 'the-admin@example.com' };
      expect(await eventsOf(client.id)).toEqual([
        { type: 'app_client_created', userId: null, detail: { clientId: client.id, app: 'Audited app', ...command }, ip: request.ip },
        { type: 'app_client_updated', userId: actor.userId, detail: { clientId: client.id, app: 'Audited app 2', ...admins }, ip: request.ip },
        { type: 'app_client_secret_rotated', userId: actor.userId, detail: { clientId: client.id, app: 'Audited app 2', ...admins }, ip: request.ip },
        { type: 'app_client_disabled', userId: actor.userId, detail: { clientId: client.id, app: 'Audited app 2', ...admins }, ip: request.ip },
        { type: 'app_client_enabled', userId: actor.userId, detail: { clientId: client.id, app: 'Audited app 2', ...admins }, ip: request.ip },
      ]);
    });
  });
}
