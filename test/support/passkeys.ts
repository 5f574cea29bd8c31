import { signInWithPasskey, startPasskeySignIn } from '@/lib/accounts/passkey-sign-in';
import { addPasskey, startAddingPasskey } from '@/lib/accounts/passkeys';
import { validateAccessToken } from '@/lib/accounts/sessions';
import { signUpWithPasskey, startPasskeySignUp } from '@/lib/accounts/sign-up';
import type { SessionTokens } from '@/lib/auth/session-tokens';
import { relyingParty } from '@/lib/auth/webauthn';
import { client, newEmail } from './accounts';
import { SoftwareAuthenticator } from './authenticator';

// Passkeys made through the real ceremonies and answered by the software authenticator, as a
// browser at APP_URL would: for tests of what comes after (admin, API). Any refusal throws.

const browser = () => ({ origin: relyingParty().origin });

/** Signs up a new account with a passkey and no password. */
export async function newPasskeyAccount(authenticator = new SoftwareAuthenticator()): Promise<{ email: string; tokens: SessionTokens; authenticator: SoftwareAuthenticator }> {
  const email = newEmail();
  const started = await startPasskeySignUp(email, client);
  if (!started.ok) throw new Error(`passkey sign-up not started: ${started.error}`);
  const signedUp = await signUpWithPasskey(started.token, authenticator.register(started.options, browser()), client);
  if (!signedUp.ok) throw new Error(`passkey sign-up refused: ${signedUp.error}`);
  return { email, tokens: signedUp.tokens, authenticator };
}

/** Adds a passkey to the account of a session that signed in just now (so no password is asked); returns its name. */
export async function addSoftwarePasskey({ accessToken }: { accessToken: string }, authenticator = new SoftwareAuthenticator()): Promise<string> {
  const session = await validateAccessToken(accessToken);
  if (!session) throw new Error('the session is not live');
  const started = await startAddingPasskey(session, '', client);
  if (!started.ok) throw new Error(`adding a passkey not started: ${started.error}`);
  const added = await addPasskey(session, started.token, authenticator.register(started.options, browser()), client);
  if (!added.ok) throw new Error(`adding a passkey refused: ${added.error}`);
  return added.name;
}

/** The `Sign in with a passkey` button, answered with the first passkey the authenticator holds for this site. */
export async function signInWithSoftwarePasskey(authenticator: SoftwareAuthenticator) {
  const { options, token } = await startPasskeySignIn();
  return signInWithPasskey(token, authenticator.authenticate(options, browser()), client);
}
