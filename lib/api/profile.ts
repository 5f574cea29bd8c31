import 'server-only';
import type { Role } from '../auth/tokens';
import { getDb } from '../db';

// What GET /api/users/me shows about the signed-in user: never the password hash.

export type UserProfile = { id: string; email: string; role: Role; createdAt: string };

export async function getUserProfile(userId: string): Promise<UserProfile | null> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, createdAt: true } });
  return user && { ...user, createdAt: user.createdAt.toISOString() };
}
