import 'server-only';
import { recordEvent } from '../audit';
import type { SignInInput } from '../auth/credentials';
import { deviceIdFor } from '../auth/device-tokens';
import { issueMfaChallenge } from '../auth/mfa-challenge';
import { verifyPassword } from '../auth/password';
import type { SessionTokens } from '../auth/session-tokens';
import { type Throttled, claimAttempt, countedAttempt, forgiveSignIn, signInLimits } from '../auth/throttle';
import type { Role } from '../auth/tokens';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { sendNewDeviceNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';
import { createSession } from './sessions';

// Signing in, whatever the method. A method (the password today; passkeys and other providers
// next) proves who the user is in its own way, then hands over to finishSignIn, the one place
// that applies two-factor authentication, creates the session and records the event.

/** How the user proved who they are. */
export type SignInMethod = 'password';

// A method that proves two factors by itself (a passkey with user verification) needs no code.
const PROVES_SECOND_FACTOR: Record<SignInMethod, boolean> = { password: false };

export type SignInUser = { id: string; role: Role; totpEnabledAt: Date | null };

export type SignedIn = { ok: true; tokens: SessionTokens };
// The method succeeded, but the account also needs a second factor: no session yet, only a
// 5-minute challenge to present with the code (two-factor-sign-in.ts).
export type SecondFactorNeeded = { ok: false; error: 'mfa_required'; challenge: string };

export type SignInResult = SignedIn | { ok: false; error: 'invalid_credentials' | 'account_disabled' } | SecondFactorNeeded | Throttled;

/** The end of every sign-in method: the second factor when the account needs one, else the session. */
export async function finishSignIn(user: SignInUser, method: SignInMethod, client: ClientInfo): Promise<SignedIn | SecondFactorNeeded> {
  const db = await getDb();
  if (needsSecondFactor(user, method)) return { ok: false, error: 'mfa_required', challenge: await issueMfaChallenge(db, user.id) };
  return { ok: true, tokens: await db.$transaction((tx) => startSession(tx, user, client)) };
}

/** Whether an account must still give its second factor after this method. */
export function needsSecondFactor(user: Pick<SignInUser, 'totpEnabledAt'>, method: SignInMethod): boolean {
  return user.totpEnabledAt !== null && !PROVES_SECOND_FACTOR[method];
}

/**
 * The session of a completed sign-in, inside the caller's transaction (which may first use up
 * what let the user in, as the second-factor step does), with its event and the new-device notice.
 */
export async function startSession(
  tx: Prisma.TransactionClient,
  user: { id: string; role: Role },
  client: ClientInfo,
  detail?: Record<string, string>,
): Promise<SessionTokens> {
  await sendNewDeviceNotice(tx, user.id, client);
  await recordEvent({ type: 'sign_in', userId: user.id, client, ...(detail ? { detail } : {}) }, tx);
  return createSession(tx, user, client);
}

/** The password method. */
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
  if (!(await countedAttempt(attempt, verifyPassword(input.password, user?.passwordHash ?? null))) || !user) {
    await recordEvent({ type: 'sign_in_failed', userId: user?.id ?? null, client, detail: { email: input.email } });
    return { ok: false, error: 'invalid_credentials' };
  }
  await forgiveSignIn(attempt, input.email, device);
  // Said only after the right password, so it reveals nothing to someone guessing.
  if (user.disabledAt) {
    await recordEvent({ type: 'sign_in_failed', userId: user.id, client, detail: { email: input.email, reason: 'account_disabled' } });
    return { ok: false, error: 'account_disabled' };
  }
  return finishSignIn(user, 'password', client);
}

