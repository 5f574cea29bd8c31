import 'server-only';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';

export const USERS_PER_PAGE = 20;

/** Users whose email contains `query`, newest first, with their last sign-in. */
export async function listUsers(query: string, page: number) {
  const db = await getDb();
  const where: Prisma.UserWhereInput = query ? { email: { contains: query.trim().toLowerCase() } } : {};
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * USERS_PER_PAGE,
      take: USERS_PER_PAGE,
      select: {
        id: true,
        email: true,
        role: true,
        createdAt: true,
        disabledAt: true,
        events: { where: { type: 'sign_in' }, orderBy: { createdAt: 'desc' }, take: 1, select: { createdAt: true } },
      },
    }),
    db.user.count({ where }),
  ]);
  return {
    users: users.map(({ events, ...user }) => ({ ...user, lastSignInAt: events[0]?.createdAt ?? null })),
    pages: Math.max(1, Math.ceil(total / USERS_PER_PAGE)),
  };
}

export async function getUserForAdmin(userId: string) {
  const db = await getDb();
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, role: true, createdAt: true, disabledAt: true },
  });
}
