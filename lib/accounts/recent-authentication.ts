import 'server-only';
import { getDb } from '../db';
import { type PasswordCheck, checkCurrentPassword } from './password-change';
import type { ClientInfo } from '../request/client-info';
import type { ValidSession } from './sessions';

// Changes that would let someone who holds a session keep the account (turning two-factor
// authentication on, new recovery codes; later a new email or a new sign-in method) need more than
// the session: the current password, or a sign-in on this session within the last 5 minutes
// (Session.authenticatedAt). A stolen cookie alone is not enough.

export const RECENT_AUTHENTICATION_SECONDS = 5 * 60;

export type RecentAuthentication = PasswordCheck | { ok: false; error: 'password_required' };

/** Whether the session's user proved who they are within the last 5 minutes. */
export async function isRecentlyAuthenticated(sessionId: string, now = new Date()): Promise<boolean> {
  const db = await getDb();
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { authenticatedAt: true } });
  return session !== null && now.getTime() - session.authenticatedAt.getTime() < RECENT_AUTHENTICATION_SECONDS * 1000;
}

/**
 * Passes when the current password is given and right (checked and throttled like a sign-in;
 * the session then counts as freshly authenticated), or none is given and the session is recent.
 */
export async function confirmRecentAuthentication(current: ValidSession, password: string, client: ClientInfo): Promise<RecentAuthentication> {
  if (password === '') return (await isRecentlyAuthenticated(current.sessionId)) ? { ok: true } : { ok: false, error: 'password_required' };
  const check = await checkCurrentPassword(current.user, password, client);
  if (!check.ok) return check;
  const db = await getDb();
  await db.session.update({ where: { id: current.sessionId }, data: { authenticatedAt: new Date() } });
  return { ok: true };
}
