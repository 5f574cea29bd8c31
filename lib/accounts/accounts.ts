import { getDb } from '../db';
import { Prisma } from '../db/generated/client';
import type { SignInInput } from '../auth/credentials';
import { PasswordQueueFullError, hashPassword, verifyPassword } from '../auth/password';
import { recordEvent } from '../audit';
import { sendNewDeviceNotice, sendSecurityNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';
import { deviceIdFor } from '../auth/device-tokens';
import { issueMfaChallenge } from '../auth/mfa-challenge';
import { replacePassword } from './replace-password';
import type { SessionTokens } from '../auth/session-tokens';
import { type ValidSession, createSession, renewSession, revokeOtherSessions } from './sessions';
import { type Attempt, type Throttled, claimAttempt, forgiveSignIn, signInLimits, signUpLimits, withdrawAttempt } from '../auth/throttle';
import type { Role } from '../auth/tokens';
import { sendVerificationMail } from './verification';

export type SignUpResult = { ok: true; tokens: SessionTokens } | { ok: false; error: 'email_taken' } | Throttled;
export type SignInResult =
  | { ok: true; tokens: SessionTokens }
  | { ok: false; error: 'invalid_credentials' | 'account_disabled' }
  // The password was right, but the account also needs a second factor: no session yet, only a
  // 5-minute challenge to present with the code (mfa-sign-in.ts).
  | { ok: false; error: 'mfa_required'; challenge: string }
  | Throttled;

/** Creates a user and signs them in, in one transaction: there is never a user without a session or the reverse. */
export async function signUp(input: { email: string; password: string }, client: ClientInfo): Promise<SignUpResult> {
  // Every sign-up counts, taken emails too: that bounds how fast addresses can be probed.
  const attempt = await claimAttempt(signUpLimits(client));
  if (!attempt.ok) return attempt;
  const passwordHash = await counted(attempt, hashPassword(input.password));
  const db = await getDb();
  try {
    const tokens = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, passwordHash }, select: { id: true, email: true, role: true } });
      await recordEvent({ type: 'sign_up', userId: user.id, client }, tx);
      await sendVerificationMail(tx, user);
      return createSession(tx, user, client);
    });
    return { ok: true, tokens };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'email_taken' };
    throw error;
  }
}

export async function signIn(input: SignInInput, client: ClientInfo): Promise<SignInResult> {
  const db = await getDb();
  // Looked up first, for every email, so that a device token can be matched to the account.
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, role: true, passwordHash: true, disabledAt: true, totpEnabledAt: true },
  });
  // Only a device that signed in to this very account before has limits of its own.
  const device = await deviceIdFor(client.deviceTokens ?? [], user?.id);
  // Checked before the password, and the same for every email: being throttled says nothing
  // about whether the account exists or the password was right.
  const attempt = await claimAttempt(signInLimits(input.email, client, device));
  // Refused attempts write nothing, so a flood of them cannot fill the audit log.
  if (!attempt.ok) return attempt;
  if (!(await counted(attempt, verifyPassword(input.password, user?.passwordHash ?? null))) || !user) {
    await recordEvent({ type: 'sign_in_failed', userId: user?.id ?? null, client, detail: { email: input.email } });
    return { ok: false, error: 'invalid_credentials' };
  }
  await forgiveSignIn(attempt, input.email, device);
  // Said only after the right password, so it reveals nothing to someone guessing.
  if (user.disabledAt) {
    await recordEvent({ type: 'sign_in_failed', userId: user.id, client, detail: { email: input.email, reason: 'account_disabled' } });
    return { ok: false, error: 'account_disabled' };
  }
  if (user.totpEnabledAt) return { ok: false, error: 'mfa_required', challenge: await issueMfaChallenge(db, user.id) };
  return { ok: true, tokens: await startSignedInSession(user, client) };
}

/** The end of every sign-in: a new session, and the event recording it, in one transaction. */
export async function startSignedInSession(user: { id: string; role: Role }, client: ClientInfo): Promise<SessionTokens> {
  const db = await getDb();
  return db.$transaction((tx) => startSignedInSessionIn(tx, user, client));
}

/** The same inside the caller's transaction, which may first use up what let the user in. */
export async function startSignedInSessionIn(
  tx: Prisma.TransactionClient,
  user: { id: string; role: Role },
  client: ClientInfo,
  detail?: Record<string, string>,
): Promise<SessionTokens> {
  await sendNewDeviceNotice(tx, user.id, client);
  await recordEvent({ type: 'sign_in', userId: user.id, client, ...(detail ? { detail } : {}) }, tx);
  return createSession(tx, user, client);
}

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
  if (!(await counted(attempt, verifyPassword(password, passwordHash)))) return { ok: false, error: 'wrong_password' };
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

/** Creates an account (verified: seeded by the server) unless one exists with that email. Returns whether it created one. */
export async function ensureUser(input: { email: string; password: string; role: Role }): Promise<boolean> {
  const db = await getDb();
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(input.password);
  try {
    await db.user.create({ data: { email: input.email, passwordHash, role: input.role, emailVerifiedAt: new Date() } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * Password work for a counted attempt. When the password pool is full the work is refused
 * (PasswordQueueFullError, answered as "busy" by lib/unavailable.ts): nothing was checked, so
 * the attempt is taken back before the error goes on.
 */
async function counted<T>(attempt: Attempt & { ok: true }, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PasswordQueueFullError) await withdrawAttempt(attempt);
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
