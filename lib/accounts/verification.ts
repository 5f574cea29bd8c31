import 'server-only';
import { recordEvent } from '../audit';
import { getConfig } from '../config';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import type { Locale } from '../i18n/locales';
import { enqueueMail, mailLocale } from '../mail/queue';
import type { ClientInfo } from '../request/client-info';
import { type EmailTokenProblem, checkEmailToken, consumeEmailToken, issueEmailToken } from '../auth/email-tokens';
import { claimAttempt, resendVerificationLimits } from '../auth/throttle';
import { changeSessionUser } from './sessions';

// Email verification: a sign-up queues a mail with a single-use link to /verify-email; the button
// on that page (a POST: opening the link changes nothing) marks the address verified. Unverified
// users may sign in; with REQUIRE_EMAIL_VERIFICATION the data-access layer keeps them out of
// protected pages until they have confirmed.

export const VERIFY_EMAIL_PATH = '/verify-email';

/**
 * Queues a verification mail inside the caller's transaction; earlier links stop working. In the
 * user's saved language, else `pageLocale` (the page that asked), else DEFAULT_LOCALE.
 */
export async function sendVerificationMail(
  tx: Prisma.TransactionClient,
  user: { id: string; email: string; locale: string | null },
  pageLocale?: Locale,
): Promise<void> {
  const token = await issueEmailToken(tx, user.id, 'VERIFY');
  const link = `${getConfig().appUrl}${VERIFY_EMAIL_PATH}?${new URLSearchParams({ token })}`;
  await enqueueMail(tx, user.email, { kind: 'verify_email', link }, mailLocale(user.locale, pageLocale));
}

export type ResendResult = { ok: true } | { ok: false; error: 'already_verified' } | { ok: false; error: 'throttled'; retryAfterSeconds: number };

/** "Resend verification email", throttled per user; `pageLocale` is the language of the page it was pressed on. */
export async function resendVerificationMail(userId: string, pageLocale?: Locale): Promise<ResendResult> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, locale: true, emailVerifiedAt: true } });
  if (user.emailVerifiedAt) return { ok: false, error: 'already_verified' };
  const attempt = await claimAttempt(resendVerificationLimits(userId));
  if (!attempt.ok) return attempt;
  await db.$transaction((tx) => sendVerificationMail(tx, user, pageLocale));
  return { ok: true };
}

export type VerificationLinkCheck = { ok: true; email: string } | { ok: false; error: EmailTokenProblem };

/**
 * Whether a verification link can still be used, and for which address, without using it. Opening
 * the link only shows this (mail scanners open links); the address is verified by the form there.
 */
export async function checkVerificationLink(token: unknown): Promise<VerificationLinkCheck> {
  const db = await getDb();
  const check = await checkEmailToken(db, token, 'VERIFY');
  if (!check.ok) return check;
  const user = await db.user.findUnique({ where: { id: check.userId }, select: { email: true } });
  return user ? { ok: true, email: user.email } : { ok: false, error: 'invalid' };
}

export type VerifyResult = { ok: true } | { ok: false; error: EmailTokenProblem };

/** Confirms the address of a verification link: uses the token and marks the address verified, once. */
export async function verifyEmail(token: unknown, client: ClientInfo): Promise<VerifyResult> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, token, 'VERIFY');
    if (!used.ok) return used;
    await changeSessionUser(tx, used.userId, { emailVerifiedAt: new Date() }, { emailVerifiedAt: null });
    await recordEvent({ type: 'email_verified', userId: used.userId, client }, tx);
    return { ok: true };
  });
}
