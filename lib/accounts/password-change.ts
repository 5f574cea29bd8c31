import 'server-only';
import { recordEvent } from '../audit';
import { deviceIdFor } from '../auth/device-tokens';
import { hashPassword, verifyPassword } from '../auth/password';
import type { SessionTokens } from '../auth/session-tokens';
import { type Throttled, claimAttempt, countedAttempt, forgiveSignIn, signInLimits } from '../auth/throttle';
import { getDb } from '../db';
import { sendSecurityNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';
import { replacePassword } from './replace-password';
import { type ValidSession, renewSession, revokeOtherSessions } from './sessions';

export type PasswordCheck = { ok: true } | { ok: false; error: 'wrong_password' } | Throttled;

/**
 * Checks a signed-in user's password before a sensitive change. Throttled like sign-in: a stolen
 * session must not become a way to guess the password.
 */
export async function checkCurrentPassword(user: { id: string; email: string }, password: string, client: ClientInfo): Promise<PasswordCheck> {
  // As at sign-in, the owner's own device is not locked out by someone guessing elsewhere.
  const device = await deviceIdFor(client.deviceTokens ?? [], user.id);
  const attempt = await claimAttempt(signInLimits(user.email, client, device));
  if (!attempt.ok) return attempt;
  const db = await getDb();
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await countedAttempt(attempt, verifyPassword(password, passwordHash)))) return { ok: false, error: 'wrong_password' };
  await forgiveSignIn(attempt, user.email, device);
  return { ok: true };
}

export type ChangePasswordResult = { ok: true; tokens: SessionTokens } | { ok: false; error: 'wrong_password' } | Throttled;

/**
 * Replaces the password after checking the current one. In the same transaction every other
 * session is revoked and this one gets fresh tokens, so a thief's session ends with the change.
 */
export async function changePassword(
  current: ValidSession,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<ChangePasswordResult> {
  const check = await checkCurrentPassword(current.user, input.currentPassword, client);
  if (!check.ok) return check;
  const db = await getDb();
  const passwordHash = await hashPassword(input.newPassword);
  const tokens = await db.$transaction(async (tx) => {
    await replacePassword(tx, current.user.id, passwordHash);
    await revokeOtherSessions(tx, current.user.id, current.sessionId);
    await recordEvent({ type: 'password_changed', userId: current.user.id, client }, tx);
    await sendSecurityNotice(tx, current.user.id, 'password_changed', client);
    return renewSession(tx, current.sessionId, current.user);
  });
  return { ok: true, tokens };
}
