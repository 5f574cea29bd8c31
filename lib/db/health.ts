import 'server-only';
import { getDb } from '.';
import { getLogger } from '../log';

// Asks the database one trivial question with a deadline, so a hung connection reports
// "unreachable" instead of hanging the caller (a load balancer's probe, or a page request).

export const HEALTH_TIMEOUT_MS = 2000;
// Middleware asks before every protected page; one probe a second serves them all.
const PROBE_INTERVAL_MS = 1000;
const PROBE_TIMEOUT_MS = 1000;

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
    getLogger().error({ error: String(error) }, 'database health check failed');
    return 'unreachable';
  } finally {
    clearTimeout(timer);
    // A query that loses the race may still fail later; that must not be an unhandled rejection.
    query.catch(() => {});
  }
}

// On globalThis for the same reason as the database handle (lib/db/index.ts): middleware and
// pages are bundled separately.
const globalProbe = globalThis as typeof globalThis & { __latchkeyProbe?: { at: number; health: Promise<DatabaseHealth> } };

/** The database's health as of at most a second ago; concurrent callers share one probe. */
export function recentDatabaseHealth(now = Date.now()): Promise<DatabaseHealth> {
  const last = globalProbe.__latchkeyProbe;
  if (last && now - last.at < PROBE_INTERVAL_MS) return last.health;
  const health = checkDatabase(PROBE_TIMEOUT_MS);
  globalProbe.__latchkeyProbe = { at: now, health };
  return health;
}
