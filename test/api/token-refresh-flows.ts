import { describe, expect, test } from 'vitest';
import { POST as token } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { newUser } from '../support/accounts';
import { type Tokens, bearer, formRequest, refreshOverApi, sessionIdOf, signInOverApi } from '../support/api-requests';
import { expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';
import { ageRotation } from '../support/refresh-tokens';

// The refresh_token grant of POST /api/auth/token, called through the route handlers on each
// database Latchkey supports (pglite.test.ts, postgres.test.ts).

export function describeTokenRefreshFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
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

      test('a client_id of Latchkey’s own client (no app has it, no secret) is accepted and ignored, as before apps existed', async () => {
        const first = await signInOverApi(await newUser());
        const response = await token(formRequest('/api/auth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'my-cli' }));
        expect(response.status).toBe(200);
        expect(sessionIdOf(((await response.json()) as Tokens).access_token)).toBe(sessionIdOf(first.access_token));
        const withSecret = await token(formRequest('/api/auth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'my-cli', client_secret: 's' }));
        await expectError(withSecret, 401, 'invalid_client');
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
  });
}
