import 'server-only';
import { recordEvent } from '../audit';
import { findOutstandingPasskeyChallenge, issuePasskeyChallenge } from '../auth/passkey-challenge';
import type { Throttled } from '../auth/throttle';
import { type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON, authenticationOptions } from '../auth/webauthn';
import type { ClientInfo } from '../request/client-info';
import { type PasskeyRefused, acceptAssertion, checkAssertion } from './passkey-assertion';
import { type SecondFactorNeeded, type SignedIn, finishSignIn } from './sign-in';

// The passkey method: no email typed, no password. The browser offers the passkeys it holds for
// this site (from the button, or as autofill on the email field); the one chosen names its
// account. User verification is required, so the passkey is both factors.

/** Options for a ceremony, and the challenge token the browser keeps in its cookie meanwhile. */
export type CeremonyStart<Options> = { options: Options; token: string };

export type PasskeySignInResult =
  | SignedIn
  | SecondFactorNeeded
  // expired: no challenge, an old one, or one answered already (a replay); the user tries again.
  | { ok: false; error: 'expired' | 'account_disabled' }
  | PasskeyRefused
  | Throttled;

export async function startPasskeySignIn(): Promise<CeremonyStart<PublicKeyCredentialRequestOptionsJSON>> {
  const { challenge, token } = await issuePasskeyChallenge('sign-in');
  return { options: await authenticationOptions(challenge, { userVerification: 'required' }), token };
}

export async function signInWithPasskey(token: string | null, response: AuthenticationResponseJSON, client: ClientInfo): Promise<PasskeySignInResult> {
  const challenge = await findOutstandingPasskeyChallenge(token, 'sign-in');
  if (!challenge) return { ok: false, error: 'expired' };
  const checked = await checkAssertion(challenge, response, client, { requireUserVerification: true, budget: 'sign-in' });
  if (!checked.ok) return checked;
  if (checked.user.disabledAt) {
    await recordEvent({ type: 'passkey_failed', userId: checked.user.id, client, detail: { reason: 'account_disabled' } });
    return { ok: false, error: 'account_disabled' };
  }
  return finishSignIn(checked.user, 'passkey', client, { spend: (tx) => acceptAssertion(tx, challenge, checked, client) });
}
