import { addPasskey, startAddingPasskey } from '@/lib/accounts/passkeys';
import type { ValidSession } from '@/lib/accounts/sessions';
import { type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON, relyingParty } from '@/lib/auth/webauthn';
import { type AssertionOptions, type Credential, SoftwareAuthenticator } from './authenticator';

// Passkeys for the integration tests, made and used the way the browser does it for the pages,
// with the software authenticator in place of the browser's.

export type AddedPasskey = { authenticator: SoftwareAuthenticator; credential: Readonly<Credential>; name: string };

/**
 * Adds a passkey to the account of a session signed in within the last 5 minutes, as Settings →
 * Security does: startAddingPasskey, the authenticator's registration, addPasskey. Pass an
 * authenticator to choose its kind (one that does not count signatures, say) or to give it a second.
 */
export async function addPasskeyTo(session: ValidSession, authenticator = new SoftwareAuthenticator()): Promise<AddedPasskey> {
  const client = { userAgent: 'setup', ip: null };
  const started = await startAddingPasskey(session, '', client);
  if (!started.ok) throw new Error(`starting to add a passkey failed: ${started.error}`);
  const added = await addPasskey(session, started.token, authenticator.register(started.options, { origin: relyingParty().origin }), client);
  if (!added.ok) throw new Error(`adding a passkey failed: ${added.error}`);
  const credential = authenticator.credentials.at(-1);
  if (!credential) throw new Error('the authenticator made no credential');
  return { authenticator, credential, name: added.name };
}

/** The authenticator's answer to a ceremony's options from Latchkey's own origin, unless `forged` says otherwise. */
export function answer(
  authenticator: SoftwareAuthenticator,
  options: PublicKeyCredentialRequestOptionsJSON,
  forged: Partial<AssertionOptions> = {},
): AuthenticationResponseJSON {
  return authenticator.authenticate(options, { origin: relyingParty().origin, ...forged });
}
