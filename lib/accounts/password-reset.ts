import 'server-only';
import { recordEvent } from '../audit';
import { getConfig } from '../config';
import { getDb } from '../db';
import type { Locale } from '../i18n/locales';
import { enqueueMail } from '../mail/queue';
import { sendSecurityNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';
import { type EmailTokenProblem, checkEmailToken, consumeEmailToken, issueEmailToken } from '../auth/email-tokens';
import { issueMfaChallenge } from '../auth/mfa-challenge';
import { hashPassword } from '../auth/password';
import { removeUnprovenPasskeys } from './passkeys';
import { replacePassword } from './replace-password';
import type { SessionTokens } from '../auth/session-tokens';
import { createSession, revokeAllUserSessionsIn } from './sessions';
import { METHOD_AMR, needsSecondFactor } from './sign-in';

// Password reset by mail: /forgot-password queues a link to /reset-password (30 minutes, single
// use, a newer link retires older ones); the form there sets a new password, ends every session
// and signs the user in afresh, all in one transaction. A link proves the mailbox only: an account
// with two-factor authentication gets the second-factor step next, never a session from the link.

export const RESET_PASSWORD_PATH = '/reset-password';

/**
 * Queues a reset mail if an active account has this email; does nothing otherwise. The caller
 * runs it after answering (see app/forgot-password/actions.ts), so the answer and its timing are
 * the same either way. The mail is in `pageLocale`, the language of the page it was asked on: its
 * visitor is signed out, and most likely the owner (DEFAULT_LOCALE when not given).
 */
export async function sendPasswordResetMail(email: string, client: ClientInfo, pageLocale: Locale = getConfig().defaultLocale): Promise<void> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
  if (!user || user.disabledAt) return;
  await db.$transaction(async (tx) => {
    const token = await issueEmailToken(tx, user.id, 'RESET');
    const link = `${getConfig().appUrl}${RESET_PASSWORD_PATH}?${new URLSearchParams({ token })}`;
    await enqueueMail(tx, user.email, { kind: 'reset_password', link }, pageLocale);
    await recordEvent({ type: 'password_reset_requested', userId: user.id, client }, tx);
  });
}

export type ResetLinkCheck = { ok: true; email: string } | { ok: false; error: EmailTokenProblem };

/** Whether a reset link can still be used, and for which email (the form checks the password against it). */
export async function checkResetLink(token: unknown): Promise<ResetLinkCheck> {
  const db = await getDb();
  const check = await checkEmailToken(db, token, 'RESET');
  if (!check.ok) return check;
  const user = await db.user.findUnique({ where: { id: check.userId }, select: { email: true, disabledAt: true } });
  return user && !user.disabledAt ? { ok: true, email: user.email } : { ok: false, error: 'invalid' };
}

export type ResetResult =
  | { ok: true; signedIn: true; tokens: SessionTokens }
  // Two-factor authentication is on: the new password is set, and a sign-in challenge waits for the code.
  | { ok: true; signedIn: false; mfaChallenge: string }
  | { ok: false; error: EmailTokenProblem };

/**
 * Sets a new (already validated) password with a reset link. In one transaction: the link is
 * used, the password replaced, every session of the user ended, the owner told by mail, and a new
 * session started here (or, with two-factor authentication on, a challenge for the code).
 * Following the link also proves the address, so it counts as verified, and passkeys made before
 * anyone proved it go (removeUnprovenPasskeys).
 */
export async function resetPassword(token: unknown, newPassword: string, client: ClientInfo): Promise<ResetResult> {
  const passwordHash = await hashPassword(newPassword);
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, token, 'RESET');
    if (!used.ok) return used;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: used.userId },
      select: { id: true, role: true, disabledAt: true, emailVerifiedAt: true, totpEnabledAt: true, passwordHash: true },
    });
    if (user.disabledAt) return { ok: false, error: 'invalid' };
    await replacePassword(tx, user.id, passwordHash);
    if (!user.emailVerifiedAt) {
      await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
      await removeUnprovenPasskeys(tx, user.id, client);
    }
    await revokeAllUserSessionsIn(tx, user.id);
    await recordEvent({ type: 'password_reset', userId: user.id, client }, tx);
    // An account that signed in with passkeys alone has no password to change: it gains one.
    await sendSecurityNotice(tx, user.id, user.passwordHash === null ? 'password_set' : 'password_changed', client);
    // The link proved the mailbox, as a password would prove knowing it: a second factor is still due.
    if (needsSecondFactor(user, 'password')) return { ok: true, signedIn: false, mfaChallenge: await issueMfaChallenge(tx, user.id, METHOD_AMR.password) };
    return { ok: true, signedIn: true, tokens: await createSession(tx, user, client, [...METHOD_AMR.password]) };
  });
}
