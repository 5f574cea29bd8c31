import 'server-only';
import { getDb } from './db';

export async function getAdminOverview(): Promise<{ users: number; activeSessions: number }> {
  const db = await getDb();
  const [users, activeSessions] = await Promise.all([
    db.user.count(),
    db.session.count({ where: { revokedAt: null, expiresAt: { gt: new Date() } } }),
  ]);
  return { users, activeSessions };
}
