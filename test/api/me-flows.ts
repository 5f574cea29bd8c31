import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import { POST as revoke } from '@/app/api/auth/revoke/route';
import { POST as token } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { cookieNames } from '@/lib/auth/cookies';
import { SCHEMAS } from '@/lib/api/openapi-schemas';
import { getDb } from '@/lib/db';
import { newSession, newUser, password } from '../support/accounts';
import { type Body, ORIGIN, bearer, formRequest, meRequest, signInOverApi } from '../support/api-requests';
import { expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';
import { addPasskeyTo, userWithPasskeyOnly } from '../support/passkeys';

// GET /api/users/me and its bearer token check, called through the route handlers on each database
// Latchkey supports (pglite.test.ts, postgres.test.ts).

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

export function describeMeFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
    describe('GET /api/users/me', () => {
      test('a valid bearer token returns the user, and nothing else', async () => {
        const email = await newUser();
        const tokens = await signInOverApi(email);
        const response = await me(bearer(tokens.access_token));
        expect(response.status).toBe(200);
        expectNoStore(response);
        const body = (await response.json()) as Body;
        expect(Object.keys(body).sort()).toEqual(['createdAt', 'email', 'id', 'role', 'signInMethods']);
        // What the OpenAPI document promises, no more and no less.
        expect(Object.keys(body).sort()).toEqual([...(SCHEMAS.User!.required as string[])].sort());
        const db = await getDb();
        const user = await db.user.findUniqueOrThrow({ where: { email } });
        expect(body).toEqual({ id: user.id, email, role: 'USER', createdAt: user.createdAt.toISOString(), signInMethods: ['password'] });
        expect(new Date(String(body.createdAt)).toISOString()).toBe(body.createdAt);
        // The scheme is case-insensitive (RFC 7235).
        expect((await me(meRequest({ Authorization: `bearer ${tokens.access_token}` }))).status).toBe(200);
      });

      test('signInMethods says whether the account has a password, passkeys, or both', async () => {
        const methodsOf = async (accessToken: string) => ((await (await me(bearer(accessToken))).json()) as Body).signInMethods;
        const withPassword = await newSession();
        await addPasskeyTo(withPassword);
        expect(await methodsOf(withPassword.accessToken)).toEqual(['password', 'passkey']);
        // Two passkeys are still one method.
        await addPasskeyTo(withPassword);
        expect(await methodsOf(withPassword.accessToken)).toEqual(['password', 'passkey']);
        const passwordless = await userWithPasskeyOnly();
        expect(await methodsOf(passwordless.tokens.accessToken)).toEqual(['passkey']);
        // As the document says: without "password", the password grant refuses it like a wrong password.
        const grant = await token(formRequest('/api/auth/token', { grant_type: 'password', username: passwordless.email, password }));
        await expectError(grant, 400, 'invalid_grant', 'Incorrect email or password.');
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
  });
}
