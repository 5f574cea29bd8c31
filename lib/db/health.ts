import 'server-only';
import { type Db, getDb } from '.';
import { getLogger } from '../log';
import { listMigrationNames } from './schema-engine';

// Asks the database one trivial question with a deadline, so a hung connection reports
// "unreachable" instead of hanging the caller (a load balancer's probe, or a page request).

export const HEALTH_TIMEOUT_MS = 2000;
// Middleware asks before every protected page; one probe a second serves them all.
const PROBE_INTERVAL_MS = 1000;
const PROBE_TIMEOUT_MS = 1000;

export type DatabaseHealth = 'ok' | 'unreachable';

export async function checkDatabase(timeoutMs = HEALTH_TIMEOUT_MS): Promise<DatabaseHealth> {
  const answer = await askWithDeadline(async (db) => {
    await db.$queryRaw`SELECT 1`;
  }, timeoutMs);
  return answer.ok ? 'ok' : 'unreachable';
}

export type Readiness = 'ready' | 'unreachable' | 'migrations_pending';

/**
 * Whether this server can take requests: the database answers within 2 s, and every migration in
 * prisma/migrations is recorded there as applied (a failed or rolled-back one is not).
 */
export async function checkReadiness(timeoutMs = HEALTH_TIMEOUT_MS): Promise<Readiness> {
  const answer = await askWithDeadline(
    (db) => db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    timeoutMs,
  );
  if (!answer.ok) return 'unreachable';
  const applied = new Set(answer.value.map((row) => row.migration_name));
  return (await expectedMigrations()).every((name) => applied.has(name)) ? 'ready' : 'migrations_pending';
}

// The folder does not change while the server runs.
let migrationNames: Promise<string[]> | undefined;
function expectedMigrations(): Promise<string[]> {
  migrationNames ??= listMigrationNames();
  return migrationNames;
}

async function askWithDeadline<T>(question: (db: Db) => Promise<T>, timeoutMs: number): Promise<{ ok: true; value: T } | { ok: false }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ ok: false }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), timeoutMs);
  });
  const query = (async () => ({ ok: true as const, value: await question(await getDb()) }))();
  try {
    return await Promise.race([query, deadline]);
  } catch (error) {
    getLogger().error({ error: String(error) }, 'database health check failed');
    return { ok: false };
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
