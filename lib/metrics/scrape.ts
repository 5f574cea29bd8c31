import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { liveSessionWhere } from '../accounts/live-sessions';
import { getConfig } from '../config';
import { getDatabase, getDb } from '../db';
import { getLogger } from '../log';
import { notFound } from '../request/responses';
import { getMetrics } from './registry';

// GET /api/metrics. Only a scraper holding METRICS_TOKEN reads it; without the setting, or with
// any other token, the answer is the same plain 404 (as for an unknown provider's sign-in), so
// nobody probing can tell whether metrics are enabled, and no 401 challenge invites guessing.

export async function metricsResponse(request: Request): Promise<Response> {
  const { metricsToken } = getConfig();
  if (!metricsToken || !presentsToken(request.headers.get('authorization'), metricsToken)) return notFound();
  const { registry, embeddedDatabaseMemory } = getMetrics();
  await countDatabaseGauges();
  embeddedDatabaseMemory.set((await getDatabase()).memoryBytes?.() ?? 0);
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' } });
}

// Compared as SHA-256 digests: equal lengths for timingSafeEqual, and the time taken says nothing
// about how much of the token was right.
function presentsToken(header: string | null, expected: string): boolean {
  const presented = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

// Two counts over tables that cleanup keeps small (lib/accounts/cleanup.ts): a few milliseconds.
// When the database does not answer, the gauges say NaN (unknown) rather than an old value or 0.
async function countDatabaseGauges(): Promise<void> {
  const { activeSessions, mailQueue } = getMetrics();
  try {
    const db = await getDb();
    const [sessions, mails] = await Promise.all([
      db.session.count({ where: liveSessionWhere(new Date()) }),
      db.mailMessage.count({ where: { sentAt: null, failedAt: null } }),
    ]);
    activeSessions.set(sessions);
    mailQueue.set(mails);
  } catch (error) {
    activeSessions.set(Number.NaN);
    mailQueue.set(Number.NaN);
    getLogger().warn({ error: String(error) }, 'metrics: database gauges not counted');
  }
}
