import 'server-only';
import { recordEvent } from '../audit';
import { deviceIdFor } from '../auth/device-tokens';
import { type PasskeyChallenge, redeemPasskeyChallenge } from '../auth/passkey-challenge';
import {
  type Attempt,
  type Limit,
  type Throttled,
  addressLimits,
  claimAttempt,
  forgiveSecondFactor,
  forgiveSignIn,
  secondFactorLimits,
  signInLimits,
} from '../auth/throttle';
import type { Role } from '../auth/tokens';
import { type AuthenticationResponseJSON, type StoredCredential, type VerifiedAssertion, verifyAssertion } from '../auth/webauthn';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { sendPasskeyNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';

// Using a passkey, whatever for: signing in, the second factor, confirming a sensitive change.
// checkAssertion verifies the answer against the stored key and counts it like a password guess;
// acceptAssertion then spends the challenge and moves the sign count on, in the transaction that
// acts on the answer.

/** An account as throttling names it. */
type Account = { id: string; email: string };

export type PasskeyOwner = { id: string; email: string; role: Role; disabledAt: Date | null; totpEnabledAt: Date | null; passkeyUserHandle: string | null };

export type CheckedAssertion = { ok: true; passkey: { id: string; name: string }; user: PasskeyOwner; assertion: VerifiedAssertion };
/** The answer proves nothing: the same words whatever was wrong, the reason is in the audit log. */
export type PasskeyRefused = { ok: false; error: 'passkey_refused' };

/**
 * Whose guessing budget an answer spends (throttle.ts): a sign-in's (per device token or email,
 * and the address), or the second factor's (per account and address). An answer naming no
 * known passkey has no account to count against: only the address's budget.
 */
type Budget = 'sign-in' | 'second-factor';

const OWNER = { id: true, email: true, role: true, disabledAt: true, totpEnabledAt: true, passkeyUserHandle: true } as const;

/**
 * Verifies an answer to `challenge`: a passkey that exists (and belongs to `expected.user` when
 * the user is known), a signature by its key over this challenge, origin and RP ID, and user
 * verification when asked. Refused answers are recorded as `passkey_failed`.
 */
export async function checkAssertion(
  challenge: PasskeyChallenge,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
  expected: { user?: Account; requireUserVerification: boolean; budget: Budget },
): Promise<CheckedAssertion | PasskeyRefused | Throttled> {
  const db = await getDb();
  const found = await db.passkey.findUnique({
    where: { credentialId: response.id },
    select: { id: true, name: true, credentialId: true, publicKey: true, transports: true, user: { select: OWNER } },
  });
  // Another account's passkey, where the user is known, is no passkey here.
  const passkey = found && (expected.user === undefined || found.user.id === expected.user.id) ? found : null;
  // Whose budget the answer spends: the known user's, whatever passkey it names.
  const account = expected.user ?? passkey?.user ?? null;
  const device = await deviceIdFor(client.deviceTokens ?? [], account?.id);
  const attempt = await claimAttempt(limitsFor(expected.budget, account, client, device));
  if (!attempt.ok) return attempt;

  const verified = passkey ? await verifyOwnedAssertion(passkey, challenge, response, expected.requireUserVerification) : { refused: 'unknown_passkey' };
  if (!passkey || 'refused' in verified) {
    const reason = 'refused' in verified ? verified.refused : 'unknown_passkey';
    await recordEvent({ type: 'passkey_failed', userId: account?.id ?? null, client, detail: { reason } });
    return { ok: false, error: 'passkey_refused' };
  }
  await forgive(expected.budget, attempt, account ?? passkey.user, device);
  return { ok: true, passkey: { id: passkey.id, name: passkey.name }, user: passkey.user, assertion: verified };
}

type StoredPasskey = StoredCredential & { user: PasskeyOwner };

async function verifyOwnedAssertion(
  passkey: StoredPasskey,
  challenge: PasskeyChallenge,
  response: AuthenticationResponseJSON,
  requireUserVerification: boolean,
): Promise<VerifiedAssertion | { refused: string }> {
  // A discoverable answer names its account by user handle: it must be this passkey's owner's.
  const handle = response.response.userHandle;
  if (handle !== undefined && handle !== passkey.user.passkeyUserHandle) return { refused: 'wrong_user_handle' };
  return verifyAssertion(challenge, response, passkey, requireUserVerification);
}

/**
 * Spends the challenge and records the passkey's use, in the caller's transaction; null when the
 * answer may be acted on. A challenge answered already (a replay, or the loser of a race) is
 * refused as `expired`. A sign count that did not move forward, for an authenticator that
 * counts, means two devices hold the key: refused, recorded and mailed to the owner.
 */
export async function acceptAssertion(
  tx: Prisma.TransactionClient,
  challenge: PasskeyChallenge,
  checked: CheckedAssertion,
  client: ClientInfo,
): Promise<{ ok: false; error: 'expired' } | PasskeyRefused | null> {
  if (!(await redeemPasskeyChallenge(tx, challenge))) return { ok: false, error: 'expired' };
  const { newCounter, backedUp } = checked.assertion;
  // One conditional update, so two answers racing with the same count cannot both move it.
  const { count } = await tx.passkey.updateMany({
    where: { id: checked.passkey.id, signCount: newCounter > 0 ? { lt: newCounter } : 0 },
    data: { lastUsedAt: new Date(), backedUp, ...(newCounter > 0 ? { signCount: newCounter } : {}) },
  });
  if (count === 1) return null;
  // Removed since it was checked: simply no passkey any more.
  if (!(await tx.passkey.findUnique({ where: { id: checked.passkey.id }, select: { id: true } }))) return { ok: false, error: 'passkey_refused' };
  const { id: userId } = checked.user;
  await recordEvent({ type: 'passkey_clone_suspected', userId, client, detail: { passkey: checked.passkey.name, signCount: String(newCounter) } }, tx);
  await sendPasskeyNotice(tx, userId, 'passkey_clone_suspected', checked.passkey.name, client);
  return { ok: false, error: 'passkey_refused' };
}

function limitsFor(budget: Budget, user: Account | null, client: ClientInfo, device: string | null): Limit[] {
  if (!user) return addressLimits(client);
  return budget === 'sign-in' ? signInLimits(user.email, client, device) : secondFactorLimits(user.id, client);
}

async function forgive(budget: Budget, attempt: Attempt & { ok: true }, user: Account, device: string | null): Promise<void> {
  if (budget === 'sign-in') await forgiveSignIn(attempt, user.email, device);
  else await forgiveSecondFactor(attempt, user.id);
}
