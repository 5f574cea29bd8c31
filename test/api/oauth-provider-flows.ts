import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { POST as revoke } from '@/app/api/auth/revoke/route';
import { POST as token } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { GET as userinfoRoute } from '@/app/oauth/userinfo/route';
import { ensureSigningKey, publishedKeys } from '@/lib/auth/keys';
import { getDb } from '@/lib/db';
import { parseAuthorizationRequest } from '@/lib/oauth/authorize';
import { type AppClient, type ClientType, createClient, setClientDisabled, updateClient } from '@/lib/oauth/clients';
import { issueCode } from '@/lib/oauth/codes';
import { readIdTokenHint } from '@/lib/auth/app-tokens';
import { deleteExpiredData } from '@/lib/accounts/cleanup';
import { parseLogoutRequest } from '@/lib/oauth/end-session';
import { client as requestClient, newUser } from '../support/accounts';
import { ORIGIN, bearer, formRequest, refreshOverApi, sessionIdOf, signInOverApi } from '../support/api-requests';
import { expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';

// Latchkey as an OpenID Connect provider, through the route handlers on each database: the code
// exchange and what it refuses (RFC 6749 4.1.3, RFC 7636 4.6, section 10.5), app refresh and
// revocation, userinfo, and app tokens kept apart from the user's own session.

const REDIRECT = 'https://app.example.com/callback';
const ALL_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

type Registered = { client: AppClient; secret: string | null };

async function register(type: ClientType = 'CONFIDENTIAL', scopes = ALL_SCOPES): Promise<Registered> {
  return createClient(
    { name: `App ${randomBytes(3).toString('hex')}`, redirectUris: [REDIRECT], postLogoutRedirectUris: ['https://app.example.com/bye'], scopes: scopes as never },
    type,
    null,
    requestClient,
  );
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** A code as the authorization endpoint would give it to a signed-in user who allowed the app. */
async function codeFor(app: Registered, { scope = ALL_SCOPES.join(' '), email }: { scope?: string; email?: string } = {}) {
  const user = email ?? (await newUser());
  const browser = await signInOverApi(user);
  const { verifier, challenge } = pkce();
  const parsed = await parseAuthorizationRequest({
    response_type: 'code',
    client_id: app.client.id,
    redirect_uri: REDIRECT,
    scope,
    state: 's1',
    nonce: 'n-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  if (!parsed.ok) throw new Error(`request refused: ${JSON.stringify(parsed)}`);
  const db = await getDb();
  const sessionId = sessionIdOf(browser.access_token);
  const userId = String(decodeJwt(browser.access_token).sub);
  const code = await db.$transaction((tx) => issueCode(tx, parsed.request, { userId, sessionId, authTime: new Date(), amr: ['pwd'] }));
  return { code, verifier, userId, email: user, browser };
}

const basic = (app: Registered, secret = app.secret ?? '') =>
  `Basic ${Buffer.from(`${encodeURIComponent(app.client.id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function exchange(app: Registered, code: string, verifier: string, { redirectUri = REDIRECT, auth = 'basic' as 'basic' | 'post' | 'none', secret = app.secret } = {}) {
  const params: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
  if (auth !== 'basic') params.client_id = app.client.id;
  if (auth === 'post' && secret) params.client_secret = secret;
  return token(formRequest('/api/auth/token', params, auth === 'basic' ? { Authorization: basic(app, secret ?? '') } : {}));
}

type AppTokenBody = { access_token: string; id_token: string; refresh_token?: string; scope: string; token_type: string; expires_in: number };

async function exchanged(response: Response): Promise<AppTokenBody> {
  expect(response.status).toBe(200);
  expectNoStore(response);
  return (await response.json()) as AppTokenBody;
}

const userinfo = (accessToken: string) => userinfoRoute(new Request(`${ORIGIN}/oauth/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } }));

function refreshApp(app: Registered, refreshToken: string) {
  return token(formRequest('/api/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, { Authorization: basic(app) }));
}

export function describeOAuthProviderFlows(name: string): void {
  describeOnDatabase(`OpenID Connect provider on ${name}`, () => {
    // As the server does at start-up (lib/startup.ts): with HS256, the provider's ES256 key.
    beforeAll(() => ensureSigningKey(() => {}));

    describe('authorization_code grant', () => {
      test('a confidential client (client_secret_basic) gets an access token, a verifiable ID token and a refresh token', async () => {
        const app = await register();
        const { code, verifier, userId, email } = await codeFor(app);
        const body = await exchanged(await exchange(app, code, verifier));
        expect(body).toMatchObject({ token_type: 'bearer', scope: 'openid profile email offline_access', refresh_token: expect.any(String) });
        const { payload, protectedHeader } = await jwtVerify(body.id_token, createLocalJWKSet({ keys: await publishedKeys() }), {
          issuer: ORIGIN,
          audience: app.client.id,
        });
        expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT' });
        expect(payload).toMatchObject({ sub: userId, nonce: 'n-123', amr: ['pwd'], email, email_verified: false, auth_time: expect.any(Number) });
        const info = await userinfo(body.access_token);
        expect(info.status).toBe(200);
        expect(await info.json()).toMatchObject({ sub: userId, email, email_verified: false, updated_at: expect.any(Number) });
      });

      test('client_secret_post and a public client with PKCE alone work; without offline_access there is no refresh token', async () => {
        const confidential = await register();
        const first = await codeFor(confidential, { scope: 'openid email' });
        const body = await exchanged(await exchange(confidential, first.code, first.verifier, { auth: 'post' }));
        expect(body.refresh_token).toBeUndefined();
        expect(decodeJwt(body.id_token)).toMatchObject({ email: first.email });

        const app = await register('PUBLIC');
        const second = await codeFor(app, { scope: 'openid' });
        const publicBody = await exchanged(await exchange(app, second.code, second.verifier, { auth: 'none' }));
        expect(decodeJwt(publicBody.id_token).email).toBeUndefined();
        expect(await (await userinfo(publicBody.access_token)).json()).toEqual({ sub: second.userId });
      });

      test('a wrong or missing client secret, an unknown or disabled client, a secret from a public client: 401 invalid_client, nothing issued', async () => {
        const app = await register();
        const { code, verifier } = await codeFor(app);
        const wrong = await exchange(app, code, verifier, { secret: 'not-the-secret' });
        expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
        await expectError(wrong, 401, 'invalid_client');
        await expectError(await exchange(app, code, verifier, { auth: 'none' }), 401, 'invalid_client');
        const stranger = { client: { ...app.client, id: 'no-such-client' }, secret: app.secret };
        await expectError(await exchange(stranger, code, verifier), 401, 'invalid_client');
        const publicApp = await register('PUBLIC');
        const publicCode = await codeFor(publicApp);
        await expectError(await exchange(publicApp, publicCode.code, publicCode.verifier, { auth: 'post', secret: 'guess' }), 401, 'invalid_client');
        await setClientDisabled(app.client.id, true, null, requestClient);
        await expectError(await exchange(app, code, verifier), 401, 'invalid_client');
        expect(await (await getDb()).session.count({ where: { clientId: { in: [app.client.id, publicApp.client.id] } } })).toBe(0);
      });

      test('a wrong redirect_uri, a missing or wrong code_verifier, a code of another client: refused, and the code still works', async () => {
        const app = await register();
        const other = await register();
        const { code, verifier } = await codeFor(app);
        await expectError(await exchange(app, code, verifier, { redirectUri: 'https://app.example.com/other' }), 400, 'invalid_grant', /redirect_uri/);
        await expectError(await exchange(app, code, pkce().verifier), 400, 'invalid_grant', /code_verifier/);
        await expectError(await exchange(app, code, 'short'), 400, 'invalid_grant', /code_verifier/);
        const missing = await token(formRequest('/api/auth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { Authorization: basic(app) }));
        await expectError(missing, 400, 'invalid_request', /code_verifier/);
        await expectError(await exchange(other, code, verifier), 400, 'invalid_grant');
        await exchanged(await exchange(app, code, verifier));
      });

      test('a code used twice: the second use is refused and the tokens of the first are revoked', async () => {
        const app = await register();
        const { code, verifier } = await codeFor(app);
        const first = await exchanged(await exchange(app, code, verifier));
        await expectError(await exchange(app, code, verifier), 400, 'invalid_grant', /used already/);
        await expectError(await userinfo(first.access_token), 401, 'invalid_token');
        await expectError(await refreshApp(app, first.refresh_token!), 400, 'invalid_grant');
      });

      test('cleanup keeps a used code a day past its expiry, so its reuse still revokes the grant, then deletes it', async () => {
        const app = await register();
        const { code, verifier } = await codeFor(app);
        const body = await exchanged(await exchange(app, code, verifier));
        const db = await getDb();
        const { expiresAt } = await db.authorizationCode.findFirstOrThrow({ where: { clientId: app.client.id } });
        await deleteExpiredData(new Date(expiresAt.getTime() + 23 * 3600 * 1000));
        await expectError(await exchange(app, code, verifier), 400, 'invalid_grant', /used already/);
        await expectError(await userinfo(body.access_token), 401, 'invalid_token');
        expect((await deleteExpiredData(new Date(expiresAt.getTime() + 24 * 3600 * 1000))).authorizationCodes).toBeGreaterThanOrEqual(1);
        expect(await db.authorizationCode.count({ where: { clientId: app.client.id } })).toBe(0);
      });

      test('racing exchanges of one code: one grant at most survives, never two', async () => {
        const app = await register();
        const { code, verifier } = await codeFor(app);
        const answers = await Promise.all(Array.from({ length: 5 }, () => exchange(app, code, verifier)));
        expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
        const db = await getDb();
        expect(await db.session.count({ where: { clientId: app.client.id, revokedAt: null } })).toBeLessThanOrEqual(1);
        expect(await db.session.count({ where: { clientId: app.client.id } })).toBeLessThanOrEqual(1);
      });

      test('an expired code, and a code whose browser session has ended since, are refused', async () => {
        const app = await register();
        const expired = await codeFor(app);
        const db = await getDb();
        await db.authorizationCode.updateMany({ where: { clientId: app.client.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
        await expectError(await exchange(app, expired.code, expired.verifier), 400, 'invalid_grant', /expired/);

        const signedOut = await codeFor(app);
        await revoke(formRequest('/api/auth/revoke', { token: signedOut.browser.refresh_token }));
        await expectError(await exchange(app, signedOut.code, signedOut.verifier), 400, 'invalid_grant');
        expect(await db.session.count({ where: { clientId: app.client.id } })).toBe(0);
      });
    });

    describe('app tokens and the user’s own session are kept apart', () => {
      test('an app access token is not a Latchkey access token, and an ID token is not an access token', async () => {
        const app = await register();
        const { code, verifier, browser } = await codeFor(app);
        const body = await exchanged(await exchange(app, code, verifier));
        await expectError(await me(bearer(body.access_token)), 401, 'invalid_token');
        await expectError(await userinfo(body.id_token), 401, 'invalid_token');
        await expectError(await userinfo(browser.access_token), 401, 'invalid_token');
      });

      test('an app refresh token works only with its client’s credentials; the user’s own only without', async () => {
        const app = await register();
        const other = await register();
        const { code, verifier, browser } = await codeFor(app);
        const body = await exchanged(await exchange(app, code, verifier));
        await expectError(await refreshOverApi(body.refresh_token!), 400, 'invalid_grant');
        await expectError(await refreshApp(other, body.refresh_token!), 400, 'invalid_grant');
        await expectError(await refreshApp(app, browser.refresh_token), 400, 'invalid_grant');
        // None of those ended either session.
        expect((await refreshOverApi(browser.refresh_token)).status).toBe(200);
        const rotated = await exchanged(await refreshApp(app, body.refresh_token!));
        expect(rotated.refresh_token).not.toBe(body.refresh_token);
        expect(decodeJwt(rotated.id_token).nonce).toBeUndefined();
      });

      test('an app refresh token used again is reuse at once: the grant ends', async () => {
        const app = await register();
        const { code, verifier } = await codeFor(app);
        const body = await exchanged(await exchange(app, code, verifier));
        const rotated = await exchanged(await refreshApp(app, body.refresh_token!));
        await expectError(await refreshApp(app, body.refresh_token!), 400, 'invalid_grant');
        await expectError(await refreshApp(app, rotated.refresh_token!), 400, 'invalid_grant');
        await expectError(await userinfo(rotated.access_token), 401, 'invalid_token');
      });

      test('an ID token of one client is refused as another’s: audience, and the logout hint', async () => {
        const app = await register();
        const other = await register();
        const { code, verifier } = await codeFor(app);
        const body = await exchanged(await exchange(app, code, verifier));
        const keys = createLocalJWKSet({ keys: await publishedKeys() });
        await expect(jwtVerify(body.id_token, keys, { issuer: ORIGIN, audience: other.client.id })).rejects.toThrow(/aud/);
        expect(await readIdTokenHint(body.id_token)).toMatchObject({ clientId: app.client.id });
        expect(await parseLogoutRequest(new URLSearchParams({ id_token_hint: body.id_token, client_id: other.client.id }))).toEqual({
          ok: false,
          error: 'client_mismatch',
        });
        expect(await parseLogoutRequest(new URLSearchParams({ id_token_hint: body.access_token }))).toEqual({ ok: false, error: 'bad_hint' });
        expect(
          await parseLogoutRequest(new URLSearchParams({ id_token_hint: body.id_token, post_logout_redirect_uri: 'https://evil.example.com/' })),
        ).toEqual({ ok: false, error: 'bad_redirect_uri' });
        expect(
          await parseLogoutRequest(new URLSearchParams({ id_token_hint: body.id_token, post_logout_redirect_uri: 'https://app.example.com/bye', state: 'x' })),
        ).toMatchObject({ ok: true, request: { returnTo: 'https://app.example.com/bye?state=x' } });
      });
    });

    describe('revocation and the app’s life', () => {
      test('an app revokes its refresh token with its credentials; another app’s revocation changes nothing; a wrong secret is 401', async () => {
        const app = await register();
        const other = await register();
        const { code, verifier } = await codeFor(app);
        const body = await exchanged(await exchange(app, code, verifier));
        const byOther = await revoke(formRequest('/api/auth/revoke', { token: body.refresh_token! }, { Authorization: basic(other) }));
        expect(byOther.status).toBe(200);
        expect((await userinfo(body.access_token)).status).toBe(200);
        await expectError(await revoke(formRequest('/api/auth/revoke', { token: body.refresh_token! }, { Authorization: basic(app, 'wrong') })), 401, 'invalid_client');
        // Without client credentials the revocation endpoint ends only the user's own sessions.
        expect((await revoke(formRequest('/api/auth/revoke', { token: body.refresh_token! }))).status).toBe(200);
        expect((await userinfo(body.access_token)).status).toBe(200);
        const revoked = await revoke(formRequest('/api/auth/revoke', { token: body.refresh_token! }, { Authorization: basic(app) }));
        expect(revoked.status).toBe(200);
        await expectError(await userinfo(body.access_token), 401, 'invalid_token');
        await expectError(await refreshApp(app, body.refresh_token!), 400, 'invalid_grant');
      });

      test('disabling the client or taking a scope away ends its grants', async () => {
        const app = await register();
        const first = await exchanged(await exchange(app, ...(await codeParts(app))));
        await updateClient(app.client.id, { name: app.client.name, redirectUris: [REDIRECT], postLogoutRedirectUris: [], scopes: ['openid', 'email', 'profile'] as never }, null, requestClient);
        await expectError(await userinfo(first.access_token), 401, 'invalid_token');
        await expectError(await refreshApp(app, first.refresh_token!), 400, 'invalid_grant');

        const second = await exchanged(await exchange(app, ...(await codeParts(app, 'openid email'))));
        await setClientDisabled(app.client.id, true, null, requestClient);
        await expectError(await userinfo(second.access_token), 401, 'invalid_token');
      });
    });

    describe('the authorization request (RFC 6749 4.1.1, RFC 7636, OpenID Connect Core 3.1.2)', () => {
      const base = (app: Registered) => ({
        response_type: 'code',
        client_id: app.client.id,
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: 'st',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });

      test('an unknown or disabled client, an unregistered redirect URI or a repeated parameter is shown, never redirected', async () => {
        const app = await register();
        expect(await parseAuthorizationRequest({ ...base(app), client_id: 'nope' })).toEqual({ ok: false, show: 'unknown_client' });
        expect(await parseAuthorizationRequest({ ...base(app), redirect_uri: 'https://evil.example.com/cb' })).toEqual({ ok: false, show: 'bad_redirect_uri' });
        expect(await parseAuthorizationRequest({ ...base(app), redirect_uri: `${REDIRECT}/` })).toEqual({ ok: false, show: 'bad_redirect_uri' });
        expect(await parseAuthorizationRequest({ ...base(app), redirect_uri: [REDIRECT, REDIRECT] })).toEqual({ ok: false, show: 'malformed' });
        await setClientDisabled(app.client.id, true, null, requestClient);
        expect(await parseAuthorizationRequest(base(app))).toEqual({ ok: false, show: 'unknown_client' });
      });

      test('without PKCE, with plain PKCE, a scope not allowed, no openid, or another response type: an error at the redirect URI with state and iss', async () => {
        const app = await register('PUBLIC', ['openid', 'email']);
        const cases: [Record<string, string | undefined>, string][] = [
          [{ code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
          [{ code_challenge_method: 'plain' }, 'invalid_request'],
          [{ scope: 'openid offline_access' }, 'invalid_scope'],
          [{ scope: 'email' }, 'invalid_scope'],
          [{ scope: 'openid admin' }, 'invalid_scope'],
          [{ response_type: 'token' }, 'unsupported_response_type'],
          [{ prompt: 'none login' }, 'invalid_request'],
          [{ max_age: '-1' }, 'invalid_request'],
          [{ request: 'eyJ' }, 'request_not_supported'],
        ];
        for (const [change, error] of cases) {
          const parsed = await parseAuthorizationRequest({ ...base(app), ...change });
          expect(parsed.ok).toBe(false);
          const location = new URL((parsed as { redirectTo: string }).redirectTo);
          expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
          expect(Object.fromEntries(location.searchParams)).toMatchObject({ error, state: 'st', iss: ORIGIN });
        }
        expect((await parseAuthorizationRequest(base(app))).ok).toBe(true);
      });
    });
  });
}

async function codeParts(app: Registered, scope = ALL_SCOPES.join(' ')): Promise<[string, string]> {
  const { code, verifier } = await codeFor(app, { scope });
  return [code, verifier];
}
