import 'server-only';
import { getConfig } from '../config';
import type { Prisma } from '../db/generated/client';

// The one definition of a live session: not revoked, before its absolute end (REFRESH_TOKEN_TTL
// after sign-in) and active within SESSION_IDLE_TTL. The session check, rotation (also in its
// SQL), the devices page, the admin overview and cleanup all read it from here, so they agree.

type SessionTimes = { revokedAt: Date | null; expiresAt: Date; lastActiveAt: Date };

/** A session last active at or before this moment has ended by idling. */
export function idleCutoff(now: Date): Date {
  return new Date(now.getTime() - getConfig().sessionIdleTtl * 1000);
}

export function isLive(session: SessionTimes, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt > now && session.lastActiveAt > idleCutoff(now);
}

/** The same rule as a database filter. */
export function liveSessionWhere(now: Date): Prisma.SessionWhereInput {
  return { revokedAt: null, expiresAt: { gt: now }, lastActiveAt: { gt: idleCutoff(now) } };
}
