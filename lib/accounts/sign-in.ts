import 'server-only';
import { SIGN_IN_EVENTS, recordEvent } from '../audit';
import type { SignInInput } from '../auth/credentials';
import { deviceIdFor } from '../auth/device-tokens';
import { issueMfaChallenge } from '../auth/mfa-challenge';
import { verifyPassword } from '../auth/password';
import type { SessionTokens } from '../auth/session-tokens';
import { type Throttled, claimAttempt, countedAttempt, forgiveSignIn, signInLimits } from '../auth/throttle';
import type { Role } from '../auth/tokens';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { sendSecurityNotice } from '../mail/notices';
import { deviceWordsIn } from '../request/device-words';
import { describeDevice } from '../request/user-agent';
import type { ClientInfo } from '../request/client-info';
import { createSession } from './sessions';

// Signing in, whatever the method. A method (the password, a passkey; other providers next)
// proves who the user is in its own way, then hands over to finishSignIn, the one place that
// applies two-factor authentication, creates the session and records the event.

/** How the user proved who they are. */
export const SIGN_IN_METHODS = ['password', 'passkey', 'provider'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

// A method that proves two factors by itself needs no code: a passkey signs in only with user
// verification (a PIN or biometric on the device that holds the key). Another provider's
// sign-in proves one factor as far as Latchkey can tell.
const PROVES_SECOND_FACTOR: Record<SignInMethod, boolean> = { password: false, passkey: true, provider: false };
// How each method proves who the user is, in RFC 8176's words, for the amr of apps' ID tokens.
export const METHOD_AMR = { password: ['pwd'], passkey: ['hwk', 'mfa'], provider: ['fed'] } as const satisfies Record<SignInMethod, string[]>;
const SIGN_IN_EVENT = { password: 'sign_in', passkey: 'passkey_sign_in', provider: 'provider_sign_in' } as const satisfies Record<
  SignInMethod,
  (typeof SIGN_IN_EVENTS)[number]
>;

export type SignInUser = { id: string; role: Role; totpEnabledAt: Date | null };

export type SignedIn = { ok: true; tokens: SessionTokens };
// The method succeeded, but the account also needs a second factor: no session yet, only a
// 5-minute challenge to present with the code (two-factor-sign-in.ts).
export type SecondFactorNeeded = { ok: false; error: 'mfa_required'; challenge: string };

export type SignInResult = SignedIn | { ok: false; error: 'invalid_credentials' | 'account_disabled' } | SecondFactorNeeded | Throttled;

/**
 * Uses up what let the user in (a passkey's challenge), in the transaction that creates the
 * session: null to go on, or the refusal to return instead of a session. The transaction is
 * committed either way, so what a refusal records stays recorded.
 */
export type SpendProof<Refusal> = (tx: Prisma.TransactionClient) => Promise<Refusal | null>;

/** The end of every sign-in method: the second factor when the account needs one, else the session. */
export async function finishSignIn<Refusal = never>(
  user: SignInUser,
  method: SignInMethod,
  client: ClientInfo,
  { spend, detail }: { spend?: SpendProof<Refusal>; detail?: Record<string, string> } = {},
): Promise<SignedIn | SecondFactorNeeded | Refusal> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const refusal = spend ? await spend(tx) : null;
    if (refusal !== null) return refusal;
    if (needsSecondFactor(user, method)) return { ok: false, error: 'mfa_required', challenge: await issueMfaChallenge(tx, user.id, METHOD_AMR[method]) } as const;
    return { ok: true, tokens: await startSession(tx, user, client, { event: SIGN_IN_EVENT[method], detail, amr: METHOD_AMR[method] }) } as const;
  });
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
  { event = 'sign_in', detail, amr }: { event?: (typeof SIGN_IN_EVENTS)[number]; detail?: Record<string, string>; amr: readonly string[] },
): Promise<SessionTokens> {
  await sendNewDeviceNotice(tx, user.id, client);
  await recordEvent({ type: event, userId: user.id, client, ...(detail ? { detail } : {}) }, tx);
  return createSession(tx, user, client, [...amr]);
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

/**
 * Sends the new-sign-in notice unless the browser is recognised. Recognised means: an earlier
 * sign-up or sign-in of this user, in the audit log, came from the same browser on the same
 * operating system ("Chrome on Linux"), whatever the address or browser version. An account with
 * no earlier sign-up or sign-in at all (a seeded demo account) has nothing to compare with, and
 * its first sign-in sends no notice. Call it before recording the sign-in itself.
 */
async function sendNewDeviceNotice(tx: Prisma.TransactionClient, userId: string, client: ClientInfo): Promise<void> {
  const earlier = await tx.auditEvent.groupBy({ by: ['userAgent'], where: { userId, type: { in: ['sign_up', ...SIGN_IN_EVENTS] } } });
  if (earlier.length === 0) return;
  // Compared by name, in one language whatever the reader's.
  const words = deviceWordsIn('en');
  const device = describeDevice(client.userAgent, words);
  if (earlier.some((event) => describeDevice(event.userAgent, words) === device)) return;
  await sendSecurityNotice(tx, userId, 'new_sign_in', client);
}
