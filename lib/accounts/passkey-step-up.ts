import 'server-only';
import { findOutstandingPasskeyChallenge, issuePasskeyChallenge } from '../auth/passkey-challenge';
import type { Throttled } from '../auth/throttle';
import { type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON, authenticationOptions } from '../auth/webauthn';
import { getDb } from '../db';
import type { ClientInfo } from '../request/client-info';
import { type PasskeyRefused, acceptAssertion, checkAssertion } from './passkey-assertion';
import type { CeremonyStart } from './passkey-sign-in';
import { passkeyDescriptors } from './passkeys';
import type { ValidSession } from './sessions';

// Proving it is still the user before a sensitive change with a passkey instead of the password
// (recent-authentication.ts): the only way for an account without a password, once its sign-in
// is more than 5 minutes old. Like the password, it renews the session's 5 minutes.

/** Options for confirming with one of the user's passkeys; null when they have none. */
export async function startPasskeyConfirmation(current: ValidSession): Promise<CeremonyStart<PublicKeyCredentialRequestOptionsJSON> | null> {
  const allowed = await passkeyDescriptors(current.user.id);
  if (allowed.length === 0) return null;
  const { challenge, token } = await issuePasskeyChallenge('step-up', { sub: current.user.id, sid: current.sessionId });
  return { options: await authenticationOptions(challenge, { allowed, userVerification: 'required' }), token };
}

export async function confirmWithPasskey(
  current: ValidSession,
  token: string | null,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<{ ok: true } | { ok: false; error: 'expired' } | PasskeyRefused | Throttled> {
  const challenge = await findOutstandingPasskeyChallenge(token, 'step-up');
  if (!challenge || challenge.sub !== current.user.id || challenge.sid !== current.sessionId) return { ok: false, error: 'expired' };
  const checked = await checkAssertion(challenge, response, client, { user: current.user, requireUserVerification: true, budget: 'sign-in' });
  if (!checked.ok) return checked;
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const refusal = await acceptAssertion(tx, challenge, checked, client);
    if (refusal) return refusal;
    await tx.session.update({ where: { id: current.sessionId }, data: { authenticatedAt: new Date() } });
    return { ok: true } as const;
  });
}
