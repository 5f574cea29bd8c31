import { afterEach, describe, expect, test, vi } from 'vitest';
import { GET as me } from '@/app/api/users/me/route';
import { getDb } from '@/lib/db';
import { Prisma } from '@/lib/db/generated/client';
import { newUser } from '../support/accounts';
import { bearer, refreshOverApi, signInOverApi } from '../support/api-requests';
import { expectError, expectNoStore } from '../support/api-responses';
import { describeOnDatabase } from '../support/database';

// How the JSON API answers a bug or an unreachable database, called through the route handlers on
// each database Latchkey supports (pglite.test.ts, postgres.test.ts).

export function describeUnexpectedErrorsFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
    afterEach(() => {
      vi.restoreAllMocks();
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
  });
}
