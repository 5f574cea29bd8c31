import 'server-only';
import { liveSessionWhere } from '../accounts/live-sessions';
import { SIGN_IN_EVENTS } from '../audit';
import { getDb } from '../db';

const DAY_MS = 24 * 3600 * 1000;

export type AdminOverview = { users: number; passkeyAccounts: number; activeSessions: number; signIns: number; failedSignIns: number };

export async function getAdminOverview(): Promise<AdminOverview> {
  const db = await getDb();
  const now = new Date();
  const since = new Date(now.getTime() - DAY_MS);
  const [users, passkeyAccounts, activeSessions, signIns, failedSignIns] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { passkeys: { some: {} } } }),
    db.session.count({ where: liveSessionWhere(now) }),
    db.auditEvent.count({ where: { type: { in: SIGN_IN_EVENTS }, createdAt: { gte: since } } }),
    db.auditEvent.count({ where: { type: 'sign_in_failed', createdAt: { gte: since } } }),
  ]);
  return { users, passkeyAccounts, activeSessions, signIns, failedSignIns };
}
