import 'server-only';
import { getConfig } from '../config';
import type { Database } from '../db';
import type { Prisma } from '../db/generated/client';
import type { Listener } from '../db/listener';
import { isUuid } from '../db/uuid';
import { type SessionsChanged, markSessionsChanged } from './session-cache';

// Revoking a session, disabling a user or changing a role on one server reaches the others'
// session caches through PostgreSQL: the transaction that makes the change sends a NOTIFY, which
// PostgreSQL delivers at commit (never for a rollback), and every server LISTENs and marks what
// it names, so its next check reads the database. The payload is `s:<session id>` or
// `u:<user id>`, no more: "sign out everywhere" is one notification however many sessions end.
// On the embedded database the server is the one process, but the operator's scripts change rows
// through its socket (npm run admin:create): the server LISTENs there too, and hears them at their
// commit (lib/db/embedded-listener.ts).

export const SESSION_CHANGES_CHANNEL = 'latchkey_session_changes';

/** The NOTIFY payload for a change: the narrowest it names, or null when it names nothing. */
export function sessionChangePayload(target: SessionsChanged): string | null {
  if (target.sessionId !== undefined) return `s:${target.sessionId}`;
  if (target.userId !== undefined) return `u:${target.userId}`;
  return null;
}

/**
 * Marks sessions as changed in this process and tells every other one at commit. Call it inside
 * the transaction that changes them.
 */
export async function announceSessionChange(tx: Prisma.TransactionClient, target: SessionsChanged): Promise<void> {
  markSessionsChanged(target);
  const payload = sessionChangePayload(target);
  if (payload !== null) await tx.$executeRaw`SELECT pg_notify(${SESSION_CHANGES_CHANNEL}, ${payload})`;
}

/** What another process announced, marked here as if this process had made the change. */
export function hearSessionChange(payload: string): void {
  const [kind, id = ''] = payload.split(':', 2);
  if (!isUuid(id)) return;
  if (kind === 's') markSessionsChanged({ sessionId: id });
  if (kind === 'u') markSessionsChanged({ userId: id });
}

// One listener per process, on globalThis for the same reason as the database handle (lib/db).
const globalListener = globalThis as typeof globalThis & { __latchkeySessionListener?: Listener };

/** Starts this process's listener on its database (lib/startup.ts), when the session cache is on. */
export function startSessionChangeListener(database: Database): void {
  if (!database.listen || getConfig().sessionCacheTtl === 0 || globalListener.__latchkeySessionListener) return;
  globalListener.__latchkeySessionListener = database.listen(SESSION_CHANGES_CHANNEL, hearSessionChange);
}

/** Whether changes announced by other processes are heard right now. */
export function isHearingSessionChanges(): boolean {
  return globalListener.__latchkeySessionListener?.listening ?? false;
}

export async function stopSessionChangeListener(): Promise<void> {
  const listener = globalListener.__latchkeySessionListener;
  globalListener.__latchkeySessionListener = undefined;
  await listener?.stop();
}
