import 'server-only';
import { SIGN_IN_EVENTS } from '../audit';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { findPage } from '../pagination';

/** Users whose email contains `query`, newest first, with their last sign-in. */
export async function listUsers(query: string, page: number) {
  const db = await getDb();
  const where: Prisma.UserWhereInput = query ? { email: { contains: query.trim().toLowerCase() } } : {};
  const { rows, pages } = await findPage(
    page,
    (window) =>
      db.user.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...window,
        select: {
          id: true,
          email: true,
          role: true,
          createdAt: true,
          disabledAt: true,
          events: { where: { type: { in: SIGN_IN_EVENTS } }, orderBy: { createdAt: 'desc' }, take: 1, select: { createdAt: true } },
        },
      }),
    () => db.user.count({ where }),
  );
  return { users: rows.map(({ events, ...user }) => ({ ...user, lastSignInAt: events[0]?.createdAt ?? null })), pages };
}

export async function getUserForAdmin(userId: string) {
  const db = await getDb();
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, role: true, createdAt: true, disabledAt: true },
  });
}
