import { describe, expect, test } from 'vitest';
import { POST as token } from '@/app/api/auth/token/route';
import { newUser, password } from '../support/accounts';
import { ORIGIN, formRequest, jsonRequest } from '../support/api-requests';
import { expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';

// Malformed requests to POST /api/auth/token (lib/api/params.ts, lib/api/oauth.ts), called through
// the route handlers on each database Latchkey supports (pglite.test.ts, postgres.test.ts).

export function describeTokenRequestFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
    describe('POST /api/auth/token, malformed requests', () => {
      test('a missing grant_type is invalid_request, an unknown one unsupported_grant_type', async () => {
        await expectError(await token(formRequest('/api/auth/token', { username: 'a@example.com', password })), 400, 'invalid_request', /"grant_type"/);
        const unknown = await token(formRequest('/api/auth/token', { grant_type: 'client_credentials' }));
        expectNoStore(unknown);
        await expectError(unknown, 400, 'unsupported_grant_type');
        await expectError(await token(jsonRequest('/api/auth/token', { grant_type: 'implicit', code: 'x' })), 400, 'unsupported_grant_type');
        // An app's grant (test/api/oauth-provider-flows.ts) names what it lacks.
        await expectError(await token(jsonRequest('/api/auth/token', { grant_type: 'authorization_code', code: 'x' })), 400, 'invalid_request', /redirect_uri/);
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

      test('client authentication (client_secret or Basic) with the password grant is invalid_client with a Basic challenge', async () => {
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
          await expectError(response, 401, 'invalid_client', /own public clients/);
        }
      });

      test('a client_id alone (a public client) is accepted', async () => {
        const email = await newUser();
        const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username: email, password, client_id: 'cli' }));
        expect(response.status).toBe(200);
      });
    });
  });
}
