import 'server-only';
import { recordEvent } from '../audit';
import type { ClientInfo } from '../request/client-info';
import { disableAccount } from '../accounts/disable-account';
import { removePasskey } from '../accounts/passkeys';
import { changeSessionUser, revokeAllUserSessionsIn } from '../accounts/sessions';
import type { Role } from '../auth/tokens';
import { hashPassword } from '../auth/password';
import { getDb } from '../db';
import { isUuid } from '../db/uuid';
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
  if (!isUuid(userId)) return { ok: false, error: 'not_found' };
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
    await changeSessionUser(tx, userId, { role });
    await recordEvent({ type: 'role_changed', userId, client, detail: { role, by: actor.email } }, tx);
    return { ok: true };
  });
}

/** Disabling also ends every session of the account at once. */
export function setDisabled(actor: Actor, userId: string, disabled: boolean, client: ClientInfo): Promise<AdminActionResult> {
  return change(userId, async (tx, user, admins) => {
    if ((user.disabledAt !== null) === disabled) return { ok: true };
    if (disabled && isLastAdmin(userId, admins)) return { ok: false, error: 'last_admin' };
    if (disabled) {
      await disableAccount(tx, userId, client, actor.email);
      return { ok: true };
    }
    await changeSessionUser(tx, userId, { disabledAt: null });
    await recordEvent({ type: 'account_enabled', userId, client, detail: { by: actor.email } }, tx);
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

export type RemoveUserPasskeyResult = { ok: true } | { ok: false; error: 'passkey_not_found' | 'last_sign_in_method' };

/**
 * Removes one of a user's passkeys, as its owner could: never the last way into an account without
 * a password, and the owner is mailed. The event names the admin.
 */
export async function removeUserPasskey(actor: Actor, userId: string, passkeyId: string, client: ClientInfo): Promise<RemoveUserPasskeyResult> {
  if (!isUuid(userId) || !isUuid(passkeyId)) return { ok: false, error: 'passkey_not_found' };
  const result = await removePasskey(userId, passkeyId, client, actor.email);
  if (result.ok) return result;
  // Gone already (another admin, or its owner, was quicker): the page says so of the passkey, not the user.
  return { ok: false, error: result.error === 'not_found' ? 'passkey_not_found' : result.error };
}

export type CreateAdminResult = { ok: true; created: boolean } | { ok: false; error: 'password_required' };

/**
 * `npm run admin:create`: promotes an existing account to ADMIN, or creates an admin account with
 * the given (already validated) password. Recorded in the audit log as done from the command line.
 */
export async function createOrPromoteAdmin(email: string, password: string | null): Promise<CreateAdminResult> {
  const db = await getDb();
  const client = { userAgent: 'npm run admin:create', ip: null };
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, role: true } });
  if (existing) {
    if (existing.role !== 'ADMIN') {
      await db.$transaction(async (tx) => {
        await changeSessionUser(tx, existing.id, { role: 'ADMIN' });
        await recordEvent({ type: 'role_changed', userId: existing.id, client, detail: { role: 'ADMIN', by: 'the command line' } }, tx);
      });
    }
    return { ok: true, created: false };
  }
  if (password === null) return { ok: false, error: 'password_required' };
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    // The operator chose this address on the server itself: nothing to verify.
    const user = await tx.user.create({ data: { email, passwordHash, role: 'ADMIN', emailVerifiedAt: new Date() }, select: { id: true } });
    await recordEvent({ type: 'sign_up', userId: user.id, client, detail: { by: 'the command line' } }, tx);
  });
  return { ok: true, created: true };
}
