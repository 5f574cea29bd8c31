import { afterEach, describe, expect, test, vi } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { getDb } from '@/lib/db';
import { ORIGIN } from '../support/api-requests';
import { captureLog, loggedWith } from '../support/log';
import { describeOnDatabase } from '../support/database';

// GET /api/health, called through the route handlers on each database Latchkey supports
// (pglite.test.ts, postgres.test.ts).

export function describeHealthFlows(name: string): void {
  describeOnDatabase(`JSON API on ${name}`, () => {
    afterEach(() => {
      vi.restoreAllMocks();
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
        const logged = captureLog();
        vi.spyOn(db, '$queryRaw').mockRejectedValue(new Error('connection refused'));
        const response = await health(healthRequest());
        expect(response.status).toBe(503);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({ status: 'error', database: 'unreachable' });
        expect(loggedWith(logged, 'database health check failed')).toEqual([
          expect.objectContaining({ level: 50, error: 'Error: connection refused' }),
        ]);
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
  });
}
