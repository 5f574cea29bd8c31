import 'server-only';
import { recordEvent } from '../audit';
import type { ClientInfo } from '../auth/client-info';
import { revokeAllUserSessionsIn } from '../auth/session';
import type { Role } from '../auth/tokens';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';

// What an admin may do to an account, and the one rule that always holds: at least one active
// (not disabled) admin remains. Each change takes a row lock on every active admin first, so two
// admins demoting or disabling each other at once cannot both succeed.

export type Actor = { id: string; email: string };
export type AdminActionResult = { ok: true } | { ok: false; error: 'last_admin' | 'not_found' };

async function lockActiveAdmins(tx: Prisma.TransactionClient): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE role = 'ADMIN' AND "disabledAt" IS NULL ORDER BY id FOR UPDATE`;
  return rows.map((row) => row.id);
}

async function change(
  userId: string,
  apply: (tx: Prisma.TransactionClient, user: { role: Role; disabledAt: Date | null }, admins: string[]) => Promise<AdminActionResult>,
): Promise<AdminActionResult> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
    if (!user) return { ok: false, error: 'not_found' };
    return apply(tx, user, admins);
  });
}

/** Whether the change would leave no active admin: the target is the only one. */
const isLastAdmin = (userId: string, admins: string[]) => admins.length === 1 && admins[0] === userId;

export function setRole(actor: Actor, userId: string, role: Role, client: ClientInfo): Promise<AdminActionResult> {
  return change(userId, async (tx, user, admins) => {
    if (user.role === role) return { ok: true };
    if (role !== 'ADMIN' && isLastAdmin(userId, admins)) return { ok: false, error: 'last_admin' };
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordEvent({ type: 'role_changed', userId, client, detail: { role, by: actor.email } }, tx);
    return { ok: true };
  });
}

/** Disabling also ends every session of the account at once. */
export function setDisabled(actor: Actor, userId: string, disabled: boolean, client: ClientInfo): Promise<AdminActionResult> {
  return change(userId, async (tx, user, admins) => {
    if ((user.disabledAt !== null) === disabled) return { ok: true };
    if (disabled && isLastAdmin(userId, admins)) return { ok: false, error: 'last_admin' };
    await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
    if (disabled) await revokeAllUserSessionsIn(tx, userId);
    await recordEvent({ type: disabled ? 'account_disabled' : 'account_enabled', userId, client, detail: { by: actor.email } }, tx);
    return { ok: true };
  });
}

export function signOutUser(actor: Actor, userId: string, client: ClientInfo): Promise<AdminActionResult> {
  return change(userId, async (tx) => {
    await revokeAllUserSessionsIn(tx, userId);
    await recordEvent({ type: 'sessions_revoked_by_admin', userId, client, detail: { by: actor.email } }, tx);
    return { ok: true };
  });
}
