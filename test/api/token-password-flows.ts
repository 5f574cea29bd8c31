import { describe, expect, test } from 'vitest';
import { POST as token } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { getDb } from '@/lib/db';
import { newEmail, newUser, password } from '../support/accounts';
import { type Body, type Tokens, bearer, formRequest, jsonRequest, sessionIdOf, signInOverApi } from '../support/api-requests';
import { expectDeviceTokenFor, expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';
import { withFullPasswordPool } from '../support/password-pool';

// The password grant of POST /api/auth/token, and the device tokens it issues and honours, called
// through the route handlers on each database Latchkey supports (pglite.test.ts, postgres.test.ts).

export function describeTokenPasswordFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
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

    describe('POST /api/auth/token, device_token', () => {
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
  });
}
