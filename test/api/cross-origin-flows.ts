import { describe, expect, test } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { POST as revoke, OPTIONS as revokeOptions } from '@/app/api/auth/revoke/route';
import { POST as token, OPTIONS as tokenOptions } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { getDb } from '@/lib/db';
import { newUser, password } from '../support/accounts';
import { ORIGIN, formRequest, meRequest, signInOverApi } from '../support/api-requests';
import { describeOnDatabase } from '../support/database';

// Requests from other origins: no CORS allowances, and browser POSTs from other sites refused,
// called through the route handlers on each database Latchkey supports (pglite.test.ts,
// postgres.test.ts).

function expectNoCors(response: Response): void {
  const cors = [...response.headers.keys()].filter((name) => name.toLowerCase().startsWith('access-control-'));
  expect(cors).toEqual([]);
}

export function describeCrossOriginFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
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
