import 'server-only';
import { LRUCache } from 'lru-cache';
import { getConfig } from '../config';
import type { Role } from '../auth/tokens';

// Every protected request asks whether its session is live and its user enabled, and what the
// user's role is. Asking the database every time costs more than rendering the page, so each
// process keeps what it read for SESSION_CACHE_TTL seconds (2 by default):
//  - A change made by this process (revoking sessions, disabling a user, changing a role) marks
//    the session or user as it happens, inside its transaction. A marked session or user is read
//    from the database on every request for the next 10 s (plus the TTL), longer than any
//    transaction may run, so the change takes effect at the very next request once committed.
//  - A change made by another process (a second server, `npm run admin:create`) is announced with
//    NOTIFY (session-changes.ts): every server marks it the same way when it hears of it, within
//    milliseconds on PostgreSQL, at the script's commit on the embedded database. Whatever is not
//    heard (the listener is down) takes effect within SESSION_CACHE_TTL seconds, when the entry
//    expires: the TTL is the bound either way, the notification only makes it sooner.
// Only positive answers are kept: an unknown, revoked or expired session is read again each time.
// Bounded: the least recently used sessions go first.

export const MAX_CACHED_SESSIONS = 10_000;
// Prisma ends an interactive transaction after 5 s; twice that covers its commit. The hold also
// outlasts any record read before the mark.
const holdMs = () => 10_000 + getConfig().sessionCacheTtl * 1000;
// Past this many marks at once (a mass revocation), every session is held instead.
const MAX_MARKS = 10_000;

export type SessionRecord = {
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastActiveAt: Date;
  user: { id: string; email: string; role: Role; emailVerifiedAt: Date | null; locale: string | null; disabledAt: Date | null };
};

type CacheState = { records?: LRUCache<string, SessionRecord>; marks: Map<string, number>; holdAllUntil: number };

// One cache per process. Next.js bundles instrumentation (where the listener runs), pages, actions
// and route handlers separately, each with its own copy of this module: the state lives on
// globalThis so that a mark made or heard in one is seen by all.
const globalCache = globalThis as typeof globalThis & { __latchkeySessionCache?: CacheState };
const state: CacheState = (globalCache.__latchkeySessionCache ??= { marks: new Map(), holdAllUntil: 0 });

function cachedRecords(): LRUCache<string, SessionRecord> | undefined {
  const ttl = getConfig().sessionCacheTtl * 1000;
  if (ttl === 0) return undefined;
  state.records ??= new LRUCache({ max: MAX_CACHED_SESSIONS, ttl, ttlAutopurge: false });
  return state.records;
}

function isHeld(sessionId: string, userId: string | undefined, now: number): boolean {
  if (now < state.holdAllUntil) return true;
  for (const key of [`s:${sessionId}`, userId === undefined ? '' : `u:${userId}`]) {
    const until = state.marks.get(key);
    if (until === undefined) continue;
    if (now < until) return true;
    state.marks.delete(key);
  }
  return false;
}

export type SessionsChanged = { sessionId?: string | undefined; userId?: string | undefined };

/**
 * Marks sessions (by id, or all of a user's) as changed: they are read from the database until the
 * change has surely committed and no read from before it can still be stored. Call it inside the
 * transaction that changes them (announceSessionChange does), or when another process announces one.
 */
export function markSessionsChanged(target: SessionsChanged): void {
  const until = Date.now() + holdMs();
  if (state.marks.size >= MAX_MARKS) {
    state.marks.clear();
    state.holdAllUntil = until;
  }
  if (target.sessionId !== undefined) state.marks.set(`s:${target.sessionId}`, until);
  if (target.userId !== undefined) state.marks.set(`u:${target.userId}`, until);
}

/**
 * The session's record, from the cache when it is fresh and unmarked, else from `read` (the
 * database). `usable` says whether a record answers yes; a cached record that does not (say it
 * went idle) is read again, since the database may know better.
 */
export async function readSessionRecord(
  sessionId: string,
  read: () => Promise<SessionRecord | null>,
  usable: (record: SessionRecord) => boolean,
): Promise<SessionRecord | null> {
  const cache = cachedRecords();
  const cached = cache?.get(sessionId);
  if (cached && usable(cached) && !isHeld(sessionId, cached.userId, Date.now())) return cached;
  const record = await read();
  // Checked after the read too: a change marked while it ran may not be in what it returned.
  if (cache && record && usable(record) && !isHeld(sessionId, record.userId, Date.now())) cache.set(sessionId, record);
  return record;
}
