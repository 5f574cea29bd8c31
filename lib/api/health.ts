import { getDb } from '../db';

// The health check asks the database one trivial question with a deadline, so a hung
// connection reports "unreachable" instead of hanging the load balancer's probe.

export const HEALTH_TIMEOUT_MS = 2000;

export type DatabaseHealth = 'ok' | 'unreachable';

export async function checkDatabase(timeoutMs = HEALTH_TIMEOUT_MS): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const query = (async () => {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return 'ok' as const;
  })();
  try {
    return (await Promise.race([query, deadline])) === 'ok' ? 'ok' : 'unreachable';
  } catch (error) {
    console.error('[latchkey] Health check: database error', error);
    return 'unreachable';
  } finally {
    clearTimeout(timer);
    // A query that loses the race may still fail later; that must not be an unhandled rejection.
    query.catch(() => {});
  }
}
