import { afterEach, describe, expect, test, vi } from 'vitest';
import { GET as me } from '@/app/api/users/me/route';
import { getDb } from '@/lib/db';
import { Prisma } from '@/lib/db/generated/client';
import { newUser } from '../support/accounts';
import { bearer, refreshOverApi, signInOverApi } from '../support/api-requests';
import { expectError, expectNoStore } from '../support/api-responses';
import { captureLog, loggedWith } from '../support/log';
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
        const tokens = await signInOverApi(email);
        const logged = captureLog();
        // The refresh's first statement (lib/accounts/sessions.ts claimRefreshToken) fails.
        vi.spyOn(db, '$queryRaw').mockRejectedValue(new Error('secret detail: relation "Session" at /srv/app.ts:12'));
        const response = await refreshOverApi(tokens.refresh_token);
        expectNoStore(response);
        const body = await expectError(response, 500, 'server_error');
        expect(JSON.stringify(body)).not.toMatch(/secret detail|Session|\.ts|at /);
        // The server's log has it all, stack included: that is where a bug is looked for.
        expect(loggedWith(logged, 'request failed')).toEqual([
          expect.objectContaining({ level: 50, method: 'POST', route: '/api/auth/token', err: expect.objectContaining({ message: expect.stringContaining('secret detail') }) }),
        ]);
      });

      test('an unreachable database answers 503 temporarily_unavailable', async () => {
        const tokens = await signInOverApi(await newUser());
        const db = await getDb();
        const logged = captureLog();
        const unreachable = new Prisma.PrismaClientKnownRequestError("Can't reach database server at db.internal:5432", { code: 'P1001', clientVersion: 'test' });
        vi.spyOn(db.session, 'findUnique').mockRejectedValue(unreachable);
        const response = await me(bearer(tokens.access_token));
        expectNoStore(response);
        const body = await expectError(response, 503, 'temporarily_unavailable');
        expect(JSON.stringify(body)).not.toContain('db.internal');
        const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        vi.spyOn(db, '$queryRaw').mockRejectedValue(refused);
        await expectError(await refreshOverApi(tokens.refresh_token), 503, 'temporarily_unavailable');
        expect(loggedWith(logged, 'database unavailable').map((line) => line.route)).toEqual(['/api/users/me', '/api/auth/token']);
      });
    });
  });
}
