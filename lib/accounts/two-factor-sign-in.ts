import 'server-only';
import { type OutstandingMfaChallenge, findOutstandingMfaChallenge, redeemMfaChallenge } from '../auth/mfa-challenge';
import { findOutstandingPasskeyChallenge, issuePasskeyChallenge } from '../auth/passkey-challenge';
import type { SessionTokens } from '../auth/session-tokens';
import type { Throttled } from '../auth/throttle';
import type { Role } from '../auth/tokens';
import { type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON, authenticationOptions } from '../auth/webauthn';
import { getDb } from '../db';
import type { ClientInfo } from '../request/client-info';
import { type PasskeyRefused, acceptAssertion, checkAssertion } from './passkey-assertion';
import type { CeremonyStart } from './passkey-sign-in';
import { passkeyDescriptors } from './passkeys';
import { verifySecondFactor } from './second-factor';
import { startSession } from './sign-in';

// The second step of signing in to an account with two-factor authentication: the challenge from
// the first step plus a code (from the sign-in page and the API's mfa_otp grant), or plus one of
// the account's passkeys (the sign-in page's `Use a passkey`).

export type MfaSignInResult =
  | { ok: true; tokens: SessionTokens }
  // expired: the challenge is missing, forged, older than 5 minutes, used already or ended by a
  // password change, or two-factor authentication was turned off meanwhile; the user starts
  // again with the password.
  | { ok: false; error: 'expired' | 'wrong_code' | 'account_disabled' }
  | Throttled;

export type PasskeyMfaSignInResult = { ok: true; tokens: SessionTokens } | { ok: false; error: 'expired' | 'account_disabled' } | PasskeyRefused | Throttled;

type Pending = { ok: true; challenge: OutstandingMfaChallenge; user: { id: string; email: string; role: Role } } | { ok: false; error: 'expired' | 'account_disabled' };

export async function completeMfaSignIn(challengeToken: string, code: string, client: ClientInfo): Promise<MfaSignInResult> {
  // Checked before the code too, so a code is not spent on a challenge that cannot be redeemed.
  const pending = await findPendingSignIn(challengeToken);
  if (!pending.ok) return pending;
  const factor = await verifySecondFactor(pending.user.id, code, client);
  if (!factor.ok) return factor;
  const db = await getDb();
  const tokens = await db.$transaction(async (tx) =>
    (await redeemMfaChallenge(tx, pending.challenge)) ? startSession(tx, pending.user, client, { detail: { secondFactor: factor.method }, amr: [...pending.challenge.amr, 'otp', 'mfa'] }) : null,
  );
  return tokens ? { ok: true, tokens } : { ok: false, error: 'expired' };
}

/** Options for answering the second step with one of the account's passkeys; null when it has none. */
export async function startPasskeySecondFactor(challengeToken: string): Promise<CeremonyStart<PublicKeyCredentialRequestOptionsJSON> | null> {
  const pending = await findPendingSignIn(challengeToken);
  if (!pending.ok) return null;
  const allowed = await passkeyDescriptors(pending.user.id);
  if (allowed.length === 0) return null;
  const { challenge, token } = await issuePasskeyChallenge('second-factor', { sub: pending.user.id });
  return { options: await authenticationOptions(challenge, { allowed, userVerification: 'preferred' }), token };
}

export async function completeMfaWithPasskey(
  challengeToken: string,
  passkeyToken: string | null,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<PasskeyMfaSignInResult> {
  const pending = await findPendingSignIn(challengeToken);
  if (!pending.ok) return pending;
  const passkeyChallenge = await findOutstandingPasskeyChallenge(passkeyToken, 'second-factor');
  if (passkeyChallenge?.sub !== pending.user.id) return { ok: false, error: 'expired' };
  const checked = await checkAssertion(passkeyChallenge, response, client, { user: pending.user, requireUserVerification: false, budget: 'second-factor' });
  if (!checked.ok) return checked;
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // The passkey first: a refused one leaves the challenge for the code or another try.
    const refusal = await acceptAssertion(tx, passkeyChallenge, checked, client);
    if (refusal) return refusal;
    if (!(await redeemMfaChallenge(tx, pending.challenge))) return { ok: false, error: 'expired' } as const;
    return { ok: true, tokens: await startSession(tx, pending.user, client, { detail: { secondFactor: 'passkey' }, amr: [...pending.challenge.amr, 'hwk', 'mfa'] }) } as const;
  });
}

/** Whether the account a live challenge names can give a passkey instead of a code. */
export async function canUsePasskey(challengeToken: string): Promise<boolean> {
  const pending = await findPendingSignIn(challengeToken);
  return pending.ok && (await passkeyDescriptors(pending.user.id)).length > 0;
}

async function findPendingSignIn(challengeToken: string): Promise<Pending> {
  const challenge = await findOutstandingMfaChallenge(challengeToken);
  if (!challenge) return { ok: false, error: 'expired' };
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: challenge.userId }, select: { id: true, email: true, role: true, disabledAt: true, totpEnabledAt: true } });
  if (!user?.totpEnabledAt) return { ok: false, error: 'expired' };
  if (user.disabledAt) return { ok: false, error: 'account_disabled' };
  return { ok: true, challenge, user };
}
