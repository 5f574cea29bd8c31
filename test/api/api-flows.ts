import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { POST as revoke, OPTIONS as revokeOptions } from '@/app/api/auth/revoke/route';
import { POST as token, OPTIONS as tokenOptions } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { signUp } from '@/lib/accounts/sign-up';
import { cookieNames } from '@/lib/auth/cookies';
import { hashToken } from '@/lib/auth/refresh-token';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { Prisma } from '@/lib/db/generated/client';
import { totpCode, turnOnMfa, wrongTotpCode } from '../support/mfa';
import { withFullPasswordPool } from '../support/password-pool';

// The JSON API, called through its route handlers, on each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Every endpoint and every error code of the contract.

const ORIGIN = 'http://localhost:3000';
const password = 'correct-horse-battery';
let counter = 0;
const newEmail = () => `api-${Date.now()}-${counter++}@example.com`;

type Body = Record<string, unknown>;

function formRequest(path: string, params: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

function jsonRequest(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const meRequest = (headers: Record<string, string> = {}) => new Request(`${ORIGIN}/api/users/me`, { headers });
const bearer = (accessToken: string) => meRequest({ Authorization: `Bearer ${accessToken}` });

async function expectError(response: Response, status: number, error: string, description?: string | RegExp): Promise<Body> {
  const body = (await response.json()) as Body;
  expect({ status: response.status, error: body.error }).toEqual({ status, error });
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(typeof body.error_description).toBe('string');
  if (typeof description === 'string') expect(body.error_description).toBe(description);
  if (description instanceof RegExp) expect(body.error_description).toMatch(description);
  return body;
}

function expectNoStore(response: Response): void {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
  expect(response.headers.get('content-type')).toBe('application/json');
}

function expectNoCors(response: Response): void {
  const cors = [...response.headers.keys()].filter((name) => name.toLowerCase().startsWith('access-control-'));
  expect(cors).toEqual([]);
}

type Tokens = { access_token: string; refresh_token: string; token_type: string; expires_in: number; device_token?: string };

/** A device token (lib/auth/device-tokens.ts) for the account of the access token, living a year. */
function expectDeviceTokenFor(deviceToken: string | undefined, accessToken: string): void {
  expect(deviceToken).toEqual(expect.any(String));
  expect(decodeProtectedHeader(deviceToken!)).toEqual({ alg: 'HS256', typ: 'device+jwt' });
  const claims = decodeJwt(deviceToken!);
  expect(claims).toMatchObject({ sub: decodeJwt(accessToken).sub, aud: 'latchkey:device', iss: ORIGIN });
  expect(claims.exp! - claims.iat!).toBe(365 * 24 * 3600);
}

async function newUser(): Promise<string> {
  const email = newEmail();
  const result = await signUp({ email, password }, { userAgent: 'setup', ip: null });
  if (!result.ok) throw new Error('sign-up failed');
  return email;
}

async function signInOverApi(email: string, headers: Record<string, string> = {}): Promise<Tokens> {
  const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }, headers));
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

const refreshOverApi = (refreshToken: string) =>
  token(formRequest('/api/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }));

const sessionIdOf = (accessToken: string) => String(decodeJwt(accessToken).sid);

// Moves a rotated token's rotation time into the past, as if the grace window had passed.
async function ageRotation(refreshToken: string, seconds: number): Promise<void> {
  const db = await getDb();
  await db.refreshToken.update({ where: { tokenHash: hashToken(refreshToken) }, data: { usedAt: new Date(Date.now() - seconds * 1000) } });
}

// An access token for a real session, signed with the test secret but with chosen times or key.
async function craftAccessToken(genuine: string, options: { expiresAgo?: number; secret?: string }): Promise<string> {
  const claims = decodeJwt(genuine);
  const now = Math.floor(Date.now() / 1000);
  const exp = options.expiresAgo === undefined ? now + 600 : now - options.expiresAgo;
  return new SignJWT({ sid: claims.sid, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(String(claims.sub))
    .setIssuer(ORIGIN)
    .setAudience('latchkey')
    .setIssuedAt(exp - 900)
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(options.secret ?? process.env.JWT_SECRET));
}

export function describeApi(name: string): void {
  describe(`JSON API on ${name}`, () => {
    beforeAll(async () => {
      await getDatabase();
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });
    afterAll(async () => {
      await closeDatabase();
    });

    describe('POST /api/auth/token, password grant', () => {
      test('after 5 wrong passwords the API answers 429 too_many_attempts with Retry-After, whatever the password', async () => {
        const email = await newUser();
        for (let attempt = 0; attempt < 5; attempt++) {
          const wrong = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password: `wrong-${attempt}` }));
          expect(wrong.status).toBe(400);
        }
        const refused = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }));
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe('60');
        expectNoStore(refused);
        expect(await refused.json()).toEqual({ error: 'too_many_attempts', error_description: 'Too many attempts, try again in 1 minute.' });
      });

      test('while too many passwords wait to be checked the API answers 503 temporarily_unavailable, Retry-After 1', async () => {
        const email = await newUser();
        await withFullPasswordPool(async () => {
          const busy = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }));
          expect(busy.status).toBe(503);
          expect(busy.headers.get('retry-after')).toBe('1');
          expectNoStore(busy);
          expect(await busy.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'The server is busy checking passwords. Try again in a few seconds.' });
        });
        expect((await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }))).status).toBe(200);
      });

      test('a form body issues bearer tokens, no-store, and records the device', async () => {
        const email = await newUser();
        const response = await token(
          formRequest('/api/auth/token', { grant_type: 'password', username: email, password }, {
            'User-Agent': 'latchkey-cli/1.0',
            'X-Forwarded-For': '198.51.100.4, 10.0.0.1',
          }),
        );
        expect(response.status).toBe(200);
        expectNoStore(response);
        const body = (await response.json()) as Tokens;
        expect(Object.keys(body).sort()).toEqual(['access_token', 'device_token', 'expires_in', 'refresh_token', 'token_type']);
        expect(body.token_type).toBe('bearer');
        expect(body.expires_in).toBe(900);
        expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
        const db = await getDb();
        const session = await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(body.access_token) }, include: { user: true } });
        expect(session.user.email).toBe(email);
        expect(session.userAgent).toBe('latchkey-cli/1.0');
        expect(session.ip).toBe('198.51.100.4');
        expect((await me(bearer(body.access_token))).status).toBe(200);
      });

      test('a JSON body works too, and the username is normalised like the sign-in form', async () => {
        const email = await newUser();
        const response = await token(jsonRequest('/api/auth/token', { grant_type: 'password', username: `  ${email.toUpperCase()} `, password }));
        expect(response.status).toBe(200);
        expectNoStore(response);
        const body = (await response.json()) as Tokens;
        expect(((await (await me(bearer(body.access_token))).json()) as Body).email).toBe(email);
      });

      test('a wrong password, an unknown email and a non-email all answer invalid_grant and create no session', async () => {
        const email = await newUser();
        const db = await getDb();
        const before = await db.session.count();
        for (const [username, attempt] of [[email, 'wrong-password'], [newEmail(), password], ['not-an-email', password]] as const) {
          const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username, password: attempt }));
          expectNoStore(response);
          await expectError(response, 400, 'invalid_grant', 'Incorrect email or password.');
        }
        expect(await db.session.count()).toBe(before);
      });

      test('a missing username or password is invalid_request naming it', async () => {
        const cases: [Record<string, string>, RegExp][] = [
          [{ grant_type: 'password', password }, /"username"/],
          [{ grant_type: 'password', username: 'a@example.com' }, /"password"/],
          [{ grant_type: 'password', username: 'a@example.com', password: '' }, /"password"/],
          [{ grant_type: 'password' }, /"username" and "password" parameters/],
        ];
        for (const [params, description] of cases) {
          const response = await token(formRequest('/api/auth/token', params));
          expectNoStore(response);
          await expectError(response, 400, 'invalid_request', description);
        }
      });
    });

    describe('POST /api/auth/token, malformed requests', () => {
      test('a missing grant_type is invalid_request, an unknown one unsupported_grant_type', async () => {
        await expectError(await token(formRequest('/api/auth/token', { username: 'a@example.com', password })), 400, 'invalid_request', /"grant_type"/);
        const unknown = await token(formRequest('/api/auth/token', { grant_type: 'client_credentials' }));
        expectNoStore(unknown);
        await expectError(unknown, 400, 'unsupported_grant_type');
        await expectError(await token(jsonRequest('/api/auth/token', { grant_type: 'authorization_code', code: 'x' })), 400, 'unsupported_grant_type');
      });

      test('a content type other than form or JSON, or none, is invalid_request', async () => {
        const plain = new Request(`${ORIGIN}/api/auth/token`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'grant_type=password' });
        const plainResponse = await token(plain);
        expectNoStore(plainResponse);
        await expectError(plainResponse, 400, 'invalid_request', /x-www-form-urlencoded or application\/json/);
        const multipart = new FormData();
        multipart.set('grant_type', 'password');
        await expectError(await token(new Request(`${ORIGIN}/api/auth/token`, { method: 'POST', body: multipart })), 400, 'invalid_request');
        await expectError(await token(new Request(`${ORIGIN}/api/auth/token`, { method: 'POST' })), 400, 'invalid_request');
      });

      test('a body over 16 KB is invalid_request, also when streamed without a Content-Length', async () => {
        const big = { grant_type: 'password', username: 'a@example.com', password: 'x'.repeat(17 * 1024) };
        await expectError(await token(formRequest('/api/auth/token', big)), 400, 'invalid_request', /16384 bytes/);

        let pulled = 0;
        const endless = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++;
            controller.enqueue(new TextEncoder().encode('a'.repeat(4096)));
          },
        });
        const streamed = new Request(`${ORIGIN}/api/auth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: endless,
          duplex: 'half',
        } as RequestInit & { duplex: 'half' });
        expect(streamed.headers.get('content-length')).toBeNull();
        await expectError(await token(streamed), 400, 'invalid_request', /16384 bytes/);
        // The reader stopped at the bound instead of draining the stream.
        expect(pulled).toBeLessThan(10);
      });

      test('broken JSON, a JSON array, a non-string parameter and a repeated parameter are invalid_request', async () => {
        const broken = new Request(`${ORIGIN}/api/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"grant_type":' });
        await expectError(await token(broken), 400, 'invalid_request', 'The body is not valid JSON.');
        await expectError(await token(jsonRequest('/api/auth/token', [{ grant_type: 'password' }])), 400, 'invalid_request', 'The JSON body must be an object.');
        await expectError(await token(jsonRequest('/api/auth/token', { grant_type: 'password', username: 'a@example.com', password: 123 })), 400, 'invalid_request', /"password" must be a string/);
        const repeated = new Request(`${ORIGIN}/api/auth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
          body: 'grant_type=password&grant_type=refresh_token',
        });
        await expectError(await token(repeated), 400, 'invalid_request', /"grant_type" is repeated/);
      });

      test('client authentication (client_secret or Basic) is invalid_client with a Basic challenge', async () => {
        const email = await newUser();
        const requests = [
          formRequest('/api/auth/token', { grant_type: 'password', username: email, password, client_id: 'cli', client_secret: 's3cret' }),
          jsonRequest('/api/auth/token', { grant_type: 'password', username: email, password, client_secret: 's3cret' }),
          formRequest('/api/auth/token', { grant_type: 'password', username: email, password }, { Authorization: `Basic ${btoa('cli:s3cret')}` }),
        ];
        for (const request of requests) {
          const response = await token(request);
          expectNoStore(response);
          expect(response.headers.get('www-authenticate')).toBe('Basic realm="latchkey"');
          await expectError(response, 401, 'invalid_client', /public clients only/);
        }
      });

      test('a client_id alone (a public client) is accepted', async () => {
        const email = await newUser();
        const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password, client_id: 'cli' }));
        expect(response.status).toBe(200);
      });

      test('a sign-in returns a device_token; sent back, it lets its client in while others have the email throttled', async () => {
        const email = await newUser();
        const first = await signInOverApi(email);
        expectDeviceTokenFor(first.device_token, first.access_token);
        // It grants nothing by itself.
        await expectError(await me(bearer(first.device_token!)), 401, 'invalid_token');
        for (let attempt = 0; attempt < 20; attempt++) {
          await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password: `wrong-${attempt}` }));
        }
        const withoutDevice = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }));
        expect(withoutDevice.status).toBe(429);
        const withDevice = await token(jsonRequest('/api/auth/token', { grant_type: 'password', username: email, password, device_token: first.device_token }));
        expect(withDevice.status).toBe(200);
        const again = (await withDevice.json()) as Tokens;
        expectDeviceTokenFor(again.device_token, again.access_token);
        expect(again.device_token).not.toBe(first.device_token);
        expect(((await (await me(bearer(again.access_token))).json()) as Body).email).toBe(email);
      });

      test("another account's, a garbage or an access token as device_token counts as none", async () => {
        const email = await newUser();
        const other = await signInOverApi(await newUser());
        for (let attempt = 0; attempt < 5; attempt++) {
          await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password: `wrong-${attempt}` }));
        }
        for (const deviceToken of [other.device_token!, 'garbage', other.access_token]) {
          const refused = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password, device_token: deviceToken }));
          expect(refused.status).toBe(429);
          expect(await refused.json()).toMatchObject({ error: 'too_many_attempts' });
        }
      });
    });

    describe('POST /api/auth/token, refresh_token grant', () => {
      test('rotates like a browser session: new pair, same session, the old token gets the same successor in the grace window', async () => {
        const first = await signInOverApi(await newUser());
        const response = await refreshOverApi(first.refresh_token);
        expect(response.status).toBe(200);
        expectNoStore(response);
        const second = (await response.json()) as Tokens;
        expect(second.token_type).toBe('bearer');
        // A refresh is no new sign-in of a device.
        expect(Object.keys(second).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
        expect(second.refresh_token).not.toBe(first.refresh_token);
        expect(sessionIdOf(second.access_token)).toBe(sessionIdOf(first.access_token));
        const again = (await (await refreshOverApi(first.refresh_token)).json()) as Tokens;
        expect(again.refresh_token).toBe(second.refresh_token);
        expect((await me(bearer(second.access_token))).status).toBe(200);
      });

      test('a missing refresh_token is invalid_request; garbage is invalid_grant', async () => {
        await expectError(await token(formRequest('/api/auth/token', { grant_type: 'refresh_token' })), 400, 'invalid_request', /"refresh_token"/);
        const bad = await refreshOverApi('garbage');
        expectNoStore(bad);
        await expectError(bad, 400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
        await expectError(await refreshOverApi(`${'A'.repeat(22)}.${'B'.repeat(43)}`), 400, 'invalid_grant');
      });

      test('reuse after the grace window is invalid_grant and revokes the whole session', async () => {
        const first = await signInOverApi(await newUser());
        const second = (await (await refreshOverApi(first.refresh_token)).json()) as Tokens;
        await ageRotation(first.refresh_token, 11);
        await expectError(await refreshOverApi(first.refresh_token), 400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
        await expectError(await me(bearer(second.access_token)), 401, 'invalid_token');
        await expectError(await refreshOverApi(second.refresh_token), 400, 'invalid_grant');
      });
    });

    describe('POST /api/auth/revoke', () => {
      test('a refresh token ends its session: 200 {} and no-store', async () => {
        const tokens = await signInOverApi(await newUser());
        const response = await revoke(formRequest('/api/auth/revoke', { token: tokens.refresh_token, token_type_hint: 'refresh_token' }));
        expect(response.status).toBe(200);
        expectNoStore(response);
        expect(await response.json()).toEqual({});
        await expectError(await me(bearer(tokens.access_token)), 401, 'invalid_token');
        await expectError(await refreshOverApi(tokens.refresh_token), 400, 'invalid_grant');
      });

      test('an access token (JSON body) ends its session by sid', async () => {
        const tokens = await signInOverApi(await newUser());
        const response = await revoke(jsonRequest('/api/auth/revoke', { token: tokens.access_token, token_type_hint: 'access_token' }));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({});
        const db = await getDb();
        const session = await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(tokens.access_token) } });
        expect(session.revokedAt).not.toBeNull();
        await expectError(await me(bearer(tokens.access_token)), 401, 'invalid_token');
        await expectError(await refreshOverApi(tokens.refresh_token), 400, 'invalid_grant');
      });

      test('garbage, a wrong hint and an already revoked token all get the same 200 {}', async () => {
        const tokens = await signInOverApi(await newUser());
        const attempts: Record<string, string>[] = [{ token: 'garbage' }, { token: tokens.refresh_token, token_type_hint: 'access_token' }, { token: tokens.refresh_token }];
        for (const params of attempts) {
          const response = await revoke(formRequest('/api/auth/revoke', params));
          expect(response.status).toBe(200);
          expectNoStore(response);
          expect(await response.json()).toEqual({});
        }
      });

      test('a missing token or an unreadable body is invalid_request', async () => {
        const missing = await revoke(formRequest('/api/auth/revoke', { token_type_hint: 'refresh_token' }));
        expectNoStore(missing);
        await expectError(missing, 400, 'invalid_request', /"token"/);
        await expectError(await revoke(jsonRequest('/api/auth/revoke', {})), 400, 'invalid_request');
        const plain = new Request(`${ORIGIN}/api/auth/revoke`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'token=x' });
        await expectError(await revoke(plain), 400, 'invalid_request');
      });
    });

    describe('GET /api/users/me', () => {
      test('a valid bearer token returns the user, and nothing else', async () => {
        const email = await newUser();
        const tokens = await signInOverApi(email);
        const response = await me(bearer(tokens.access_token));
        expect(response.status).toBe(200);
        expectNoStore(response);
        const body = (await response.json()) as Body;
        expect(Object.keys(body).sort()).toEqual(['createdAt', 'email', 'id', 'role']);
        const db = await getDb();
        const user = await db.user.findUniqueOrThrow({ where: { email } });
        expect(body).toEqual({ id: user.id, email, role: 'USER', createdAt: user.createdAt.toISOString() });
        expect(new Date(String(body.createdAt)).toISOString()).toBe(body.createdAt);
        // The scheme is case-insensitive (RFC 7235).
        expect((await me(meRequest({ Authorization: `bearer ${tokens.access_token}` }))).status).toBe(200);
      });

      async function expectInvalidToken(response: Response, description?: RegExp): Promise<void> {
        const body = await expectError(response, 401, 'invalid_token', description);
        expectNoStore(response);
        expect(response.headers.get('www-authenticate')).toBe(
          `Bearer realm="latchkey", error="invalid_token", error_description="${String(body.error_description)}"`,
        );
        expect(String(body.error_description)).not.toMatch(/["\\]/);
      }

      test('no Authorization header is invalid_token with a Bearer challenge', async () => {
        await expectInvalidToken(await me(meRequest()), /no access token/);
      });

      test('a malformed Authorization header is invalid_token', async () => {
        const tokens = await signInOverApi(await newUser());
        for (const header of ['Bearer', 'Bearer ', `Token ${tokens.access_token}`, `Bearer ${tokens.access_token} extra`, `Basic ${btoa('a:b')}`, 'Bearer a"b']) {
          await expectInvalidToken(await me(meRequest({ Authorization: header })), /must be Bearer/);
        }
      });

      test('expired, forged, garbage and refresh tokens are invalid_token', async () => {
        const tokens = await signInOverApi(await newUser());
        const expired = await craftAccessToken(tokens.access_token, { expiresAgo: 600 });
        const forged = await craftAccessToken(tokens.access_token, { secret: 'another-secret-0123456789-abcdefghijklmnop' });
        // The crafting itself is sound: the same claims, unexpired, with the real secret, pass.
        expect((await me(bearer(await craftAccessToken(tokens.access_token, {})))).status).toBe(200);
        for (const candidate of [expired, forged, 'not.a.jwt', tokens.refresh_token]) {
          await expectInvalidToken(await me(bearer(candidate)), /invalid, expired or revoked/);
        }
      });

      test('a token whose session was revoked is invalid_token, though its JWT has not expired', async () => {
        const tokens = await signInOverApi(await newUser());
        expect((await me(bearer(tokens.access_token))).status).toBe(200);
        await revoke(formRequest('/api/auth/revoke', { token: tokens.refresh_token }));
        await expectInvalidToken(await me(bearer(tokens.access_token)), /invalid, expired or revoked/);
      });

      test('the session cookie alone is not accepted', async () => {
        const tokens = await signInOverApi(await newUser());
        const names = cookieNames();
        const cookie = `${names.access}=${tokens.access_token}; ${names.refresh}=${tokens.refresh_token}`;
        await expectInvalidToken(await me(meRequest({ Cookie: cookie })), /no access token/);
      });
    });

    describe('POST /api/auth/token, two-factor accounts', () => {
      async function mfaUser() {
        const email = await newUser();
        const db = await getDb();
        const { id } = await db.user.findUniqueOrThrow({ where: { email } });
        return { email, ...(await turnOnMfa({ id, email })) };
      }

      async function mfaToken(email: string): Promise<string> {
        const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }));
        expectNoStore(response);
        const body = (await response.json()) as Body;
        expect({ status: response.status, error: body.error }).toEqual({ status: 401, error: 'mfa_required' });
        expect(Object.keys(body).sort()).toEqual(['error', 'error_description', 'mfa_token']);
        expect(body.error_description).toMatch(/mfa_otp/);
        return String(body.mfa_token);
      }

      const otpGrant = (params: Record<string, string>) => token(formRequest('/api/auth/token', { grant_type: 'mfa_otp', ...params }));

      test('the password grant answers 401 mfa_required with an mfa_token and creates no session', async () => {
        const { email } = await mfaUser();
        const db = await getDb();
        const before = await db.session.count();
        const challenge = await mfaToken(email);
        expect(await db.session.count()).toBe(before);
        // The mfa_token is no access token.
        await expectError(await me(bearer(challenge)), 401, 'invalid_token');
        expect(decodeJwt(challenge).exp! - decodeJwt(challenge).iat!).toBe(300);
      });

      test('mfa_otp with the mfa_token and a code issues the tokens; the same code again is refused', async () => {
        const { email, secret } = await mfaUser();
        const code = totpCode(secret);
        const response = await otpGrant({ mfa_token: await mfaToken(email), otp: code });
        expect(response.status).toBe(200);
        expectNoStore(response);
        const body = (await response.json()) as Tokens;
        expect(Object.keys(body).sort()).toEqual(['access_token', 'device_token', 'expires_in', 'refresh_token', 'token_type']);
        expectDeviceTokenFor(body.device_token, body.access_token);
        expect(((await (await me(bearer(body.access_token))).json()) as Body).email).toBe(email);
        const replay = await otpGrant({ mfa_token: await mfaToken(email), otp: code });
        expectNoStore(replay);
        await expectError(replay, 400, 'invalid_grant', 'The otp is incorrect or has already been used.');
      });

      test('a JSON body and a recovery code work too; the recovery code only once', async () => {
        const { email, recoveryCodes } = await mfaUser();
        const otp = recoveryCodes[0]!;
        const response = await token(jsonRequest('/api/auth/token', { grant_type: 'mfa_otp', mfa_token: await mfaToken(email), otp }));
        expect(response.status).toBe(200);
        await expectError(await otpGrant({ mfa_token: await mfaToken(email), otp }), 400, 'invalid_grant', /otp is incorrect/);
      });

      test('a wrong code is invalid_grant, and the same mfa_token still works with the right one', async () => {
        const { email, secret } = await mfaUser();
        const challenge = await mfaToken(email);
        await expectError(await otpGrant({ mfa_token: challenge, otp: wrongTotpCode(secret) }), 400, 'invalid_grant', /otp is incorrect/);
        expect((await otpGrant({ mfa_token: challenge, otp: totpCode(secret) })).status).toBe(200);
      });

      test('an mfa_token works once: used again, even with another valid code, it is invalid_grant', async () => {
        const { email, secret, recoveryCodes } = await mfaUser();
        const challenge = await mfaToken(email);
        expect((await otpGrant({ mfa_token: challenge, otp: totpCode(secret) })).status).toBe(200);
        const db = await getDb();
        const before = await db.session.count();
        await expectError(await otpGrant({ mfa_token: challenge, otp: recoveryCodes[0]! }), 400, 'invalid_grant', /used already/);
        expect(await db.session.count()).toBe(before);
      });

      test('a forged or access-token mfa_token is invalid_grant; missing parameters are invalid_request', async () => {
        const { email, secret } = await mfaUser();
        const plain = await signInOverApi(await newUser());
        for (const candidate of ['garbage', plain.access_token, plain.refresh_token]) {
          await expectError(await otpGrant({ mfa_token: candidate, otp: totpCode(secret) }), 400, 'invalid_grant', /mfa_token is invalid, has expired/);
        }
        await expectError(await otpGrant({ mfa_token: await mfaToken(email) }), 400, 'invalid_request', /"otp"/);
        await expectError(await otpGrant({ otp: '123456' }), 400, 'invalid_request', /"mfa_token"/);
        await expectError(await otpGrant({}), 400, 'invalid_request', /"mfa_token" and "otp" parameters/);
      });
    });

    describe('GET /api/health', () => {
      const healthRequest = () => new Request(`${ORIGIN}/api/health`);

      test('200 ok when the database answers', async () => {
        const response = await health(healthRequest());
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
      });

      test('503 when the database throws', async () => {
        const db = await getDb();
        const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
        vi.spyOn(db, '$queryRaw').mockRejectedValue(new Error('connection refused'));
        const response = await health(healthRequest());
        expect(response.status).toBe(503);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({ status: 'error', database: 'unreachable' });
        expect(logged).toHaveBeenCalled();
      });

      test('503 when the database does not answer within 2 s', async () => {
        const db = await getDb();
        vi.spyOn(db, '$queryRaw').mockReturnValue(new Promise(() => {}) as never);
        const started = Date.now();
        const response = await health(healthRequest());
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({ status: 'error', database: 'unreachable' });
        expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
        expect(Date.now() - started).toBeLessThan(5000);
      });
    });

    describe('unexpected errors', () => {
      test('a bug answers 500 server_error with no message or stack, and is logged', async () => {
        const email = await newUser();
        const db = await getDb();
        const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
        const tokens = await signInOverApi(email);
        // The refresh's first statement (lib/accounts/sessions.ts claimRefreshToken) fails.
        vi.spyOn(db, '$queryRaw').mockRejectedValue(new Error('secret detail: relation "Session" at /srv/app.ts:12'));
        const response = await refreshOverApi(tokens.refresh_token);
        expectNoStore(response);
        const body = await expectError(response, 500, 'server_error');
        expect(JSON.stringify(body)).not.toMatch(/secret detail|Session|\.ts|at /);
        expect(logged).toHaveBeenCalledWith(expect.stringContaining('POST /api/auth/token'), expect.any(Error));
      });

      test('an unreachable database answers 503 temporarily_unavailable', async () => {
        const tokens = await signInOverApi(await newUser());
        const db = await getDb();
        vi.spyOn(console, 'error').mockImplementation(() => {});
        const unreachable = new Prisma.PrismaClientKnownRequestError("Can't reach database server at db.internal:5432", { code: 'P1001', clientVersion: 'test' });
        vi.spyOn(db.session, 'findUnique').mockRejectedValue(unreachable);
        const response = await me(bearer(tokens.access_token));
        expectNoStore(response);
        const body = await expectError(response, 503, 'temporarily_unavailable');
        expect(JSON.stringify(body)).not.toContain('db.internal');
        const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        vi.spyOn(db, '$queryRaw').mockRejectedValue(refused);
        await expectError(await refreshOverApi(tokens.refresh_token), 503, 'temporarily_unavailable');
      });
    });

    describe('CORS', () => {
      test('no route answers another origin with CORS allowances, preflight included', async () => {
        const evil = { Origin: 'https://evil.example' };
        const email = await newUser();
        const tokens = await signInOverApi(email);
        const responses = [
          await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }, evil)),
          await token(formRequest('/api/auth/token', { grant_type: 'nope' }, evil)),
          await me(meRequest({ ...evil, Authorization: `Bearer ${tokens.access_token}` })),
          await me(meRequest(evil)),
          await health(new Request(`${ORIGIN}/api/health`, { headers: evil })),
          await revoke(formRequest('/api/auth/revoke', { token: 'garbage' }, evil)),
        ];
        const preflight = { ...evil, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' };
        for (const options of [tokenOptions, revokeOptions]) {
          const response = await options(new Request(`${ORIGIN}/api/auth/token`, { method: 'OPTIONS', headers: preflight }));
          expect(response.status).toBe(204);
          expect(response.headers.get('allow')).toBe('OPTIONS, POST');
          responses.push(response);
        }
        for (const response of responses) expectNoCors(response);
      });

      test('a browser POST from another site is refused with 403 invalid_origin and changes nothing', async () => {
        const email = await newUser();
        const tokens = await signInOverApi(email);
        const db = await getDb();
        const sessionsBefore = await db.session.count();
        const evil = { Origin: 'https://evil.example' };
        const refused = [
          await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }, evil)),
          await token(formRequest('/api/auth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, evil)),
          await revoke(formRequest('/api/auth/revoke', { token: tokens.refresh_token }, evil)),
        ];
        for (const response of refused) {
          expect(response.status).toBe(403);
          expect(await response.json()).toEqual({ error: 'invalid_origin', error_description: 'Requests from other sites are refused.' });
        }
        expect(await db.session.count()).toBe(sessionsBefore);
        // The refresh token was neither rotated nor revoked: it still works from a program.
        expect((await token(formRequest('/api/auth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }))).status).toBe(200);
        // The same origin as APP_URL is a same-site page: allowed.
        const own = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password }, { Origin: ORIGIN }));
        expect(own.status).toBe(200);
      });
    });
  });
}
