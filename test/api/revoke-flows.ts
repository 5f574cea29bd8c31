import { describe, expect, test } from 'vitest';
import { POST as revoke } from '@/app/api/auth/revoke/route';
import { GET as me } from '@/app/api/users/me/route';
import { getDb } from '@/lib/db';
import { newUser } from '../support/accounts';
import { ORIGIN, bearer, formRequest, jsonRequest, refreshOverApi, sessionIdOf, signInOverApi } from '../support/api-requests';
import { expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';

// POST /api/auth/revoke, called through the route handlers on each database Latchkey supports
// (pglite.test.ts, postgres.test.ts).

export function describeRevokeFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
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
  });
}
