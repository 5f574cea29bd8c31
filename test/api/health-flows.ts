import { afterEach, describe, expect, test, vi } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { GET as liveness } from '@/app/api/health/live/route';
import { GET as readiness } from '@/app/api/health/ready/route';
import { getDb } from '@/lib/db';
import { listMigrationNames } from '@/lib/db/schema-engine';
import { ORIGIN } from '../support/api-requests';
import { captureLog, loggedWith } from '../support/log';
import { describeOnDatabase } from '../support/database';

// GET /api/health, /api/health/live and /api/health/ready, called through the route handlers on each database Latchkey supports
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

    describe('GET /api/health/live', () => {
      test('200 while the process answers, without asking the database', async () => {
        const db = await getDb();
        const query = vi.spyOn(db, '$queryRaw').mockRejectedValue(new Error('connection refused'));
        const response = await liveness(new Request(`${ORIGIN}/api/health/live`));
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({ status: 'ok' });
        expect(query).not.toHaveBeenCalled();
      });
    });

    describe('GET /api/health/ready', () => {
      const readinessRequest = () => new Request(`${ORIGIN}/api/health/ready`);
      // The shutdown's state, shared on `process` by every bundle (lib/shutdown.ts).
      const shutdown = (process as unknown as Record<symbol, { since: number | null }>)[Symbol.for('latchkey.shutdown')]!;

      test('200 when the database answers and every migration is applied', async () => {
        const response = await readiness(readinessRequest());
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({ status: 'ok', database: 'ok', migrations: 'applied' });
      });

      test('503 when the database throws', async () => {
        const db = await getDb();
        const logged = captureLog();
        vi.spyOn(db, '$queryRaw').mockRejectedValue(new Error('connection refused'));
        const response = await readiness(readinessRequest());
        expect(response.status).toBe(503);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({ status: 'error', database: 'unreachable' });
        expect(loggedWith(logged, 'database health check failed')).toEqual([
          expect.objectContaining({ level: 50, error: 'Error: connection refused' }),
        ]);
      });

      test('503 when a migration in prisma/migrations is not applied (rolled back)', async () => {
        const db = await getDb();
        const latest = (await listMigrationNames()).at(-1)!;
        await db.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = ${latest}`;
        try {
          const response = await readiness(readinessRequest());
          expect(response.status).toBe(503);
          expect(await response.json()).toEqual({ status: 'error', database: 'ok', migrations: 'pending' });
        } finally {
          await db.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ${latest}`;
        }
        expect((await readiness(readinessRequest())).status).toBe(200);
      });

      test('503 once a shutdown has started, though the database answers', async () => {
        shutdown.since = Date.now();
        try {
          const response = await readiness(readinessRequest());
          expect(response.status).toBe(503);
          expect(await response.json()).toEqual({ status: 'shutting_down' });
        } finally {
          shutdown.since = null;
        }
      });
    });
  });
}
