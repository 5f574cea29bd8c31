import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { type PasskeySignInResult, signInWithPasskey, startPasskeySignIn } from '@/lib/accounts/passkey-sign-in';
import { type AddPasskeyResult, addPasskey, startAddingPasskey } from '@/lib/accounts/passkeys';
import { type ValidSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signUp, signUpWithPasskey, startPasskeySignUp } from '@/lib/accounts/sign-up';
import type { SessionTokens } from '@/lib/auth/session-tokens';
import { type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON, relyingParty } from '@/lib/auth/webauthn';
import type { ClientInfo } from '@/lib/request/client-info';
import { client, newEmail, password } from './accounts';
import { type AssertionOptions, type CeremonyOptions, type Credential, SoftwareAuthenticator } from './authenticator';

// Passkeys on accounts, made and used through lib/accounts as the pages do, with the software
// authenticator in place of the browser's, answering from APP_URL's origin unless told otherwise.

/** The test client as Chrome on Linux: passkeys added from it are named after it by default. */
export const chromeOnLinux: ClientInfo = {
  ...client,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
};

const fromLatchkey = () => ({ origin: relyingParty().origin });

export type SignedInUser = { id: string; email: string; session: ValidSession; tokens: SessionTokens };

/** The session behind an access token, which must be live. */
export async function sessionOf({ accessToken }: { accessToken: string }): Promise<ValidSession> {
  const session = await validateAccessToken(accessToken);
  if (!session) throw new Error('the access token does not validate');
  return session;
}

async function signedIn(email: string, tokens: SessionTokens): Promise<SignedInUser> {
  const session = await sessionOf(tokens);
  return { id: session.user.id, email, session, tokens };
}

/** A new account with a password, in the session its sign-up started (so signed in just now). */
export async function userWithPassword(): Promise<SignedInUser> {
  const email = newEmail();
  const result = await signUp({ email, password }, client);
  if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);
  return signedIn(email, result.tokens);
}

/** A new account made with a passkey of `authenticator` (no password), in its sign-up's session. */
export async function userWithPasskeyOnly(authenticator: SoftwareAuthenticator = new SoftwareAuthenticator()): Promise<SignedInUser> {
  const email = newEmail();
  const start = await startPasskeySignUp(email, chromeOnLinux);
  if (!start.ok) throw new Error(`passkey sign-up did not start: ${start.error}`);
  const result = await signUpWithPasskey(start.token, authenticator.register(start.options, fromLatchkey()), chromeOnLinux);
  if (!result.ok) throw new Error(`passkey sign-up failed: ${result.error}`);
  return signedIn(email, result.tokens);
}

/**
 * Adds a passkey of `authenticator` to the user's account as Settings → Security does: options
 * (with `currentPassword`, or none for a recent sign-in), the authenticator's answer, storing it.
 */
export async function addPasskeyOf(
  authenticator: SoftwareAuthenticator,
  user: Pick<SignedInUser, 'session'>,
  { currentPassword = '', ceremony = {} }: { currentPassword?: string; ceremony?: Partial<CeremonyOptions> } = {},
): Promise<AddPasskeyResult> {
  const start = await startAddingPasskey(user.session, currentPassword, chromeOnLinux);
  if (!start.ok) throw new Error(`adding a passkey did not start: ${start.error}`);
  return addPasskey(user.session, start.token, authenticator.register(start.options, { ...fromLatchkey(), ...ceremony }), chromeOnLinux);
}

export type AddedPasskey = { authenticator: SoftwareAuthenticator; credential: Readonly<Credential>; name: string };

/** Adds a passkey to the account of a session signed in within the last 5 minutes, for tests of what comes after; any refusal throws. */
export async function addPasskeyTo(user: { accessToken: string }, authenticator = new SoftwareAuthenticator()): Promise<AddedPasskey> {
  const added = await addPasskeyOf(authenticator, { session: await sessionOf(user) });
  if (!added.ok) throw new Error(`adding a passkey failed: ${added.error}`);
  const credential = authenticator.credentials.at(-1);
  if (!credential) throw new Error('the authenticator made no credential');
  return { authenticator, credential, name: added.name };
}

/** Signs in with the first discoverable passkey of `authenticator`, from the sign-in page's button. */
export async function signInWithPasskeyOf(authenticator: SoftwareAuthenticator): Promise<PasskeySignInResult> {
  const { options, token } = await startPasskeySignIn();
  return signInWithPasskey(token, answer(authenticator, options), chromeOnLinux);
}

/** The authenticator's answer to a ceremony's options from Latchkey's own origin, unless `forged` says otherwise. */
export function answer(
  authenticator: SoftwareAuthenticator,
  options: PublicKeyCredentialRequestOptionsJSON,
  forged: Partial<AssertionOptions> = {},
): AuthenticationResponseJSON {
  return authenticator.authenticate(options, { ...fromLatchkey(), ...forged });
}

/**
 * The same new credential answering another challenge: what an authenticator that ignored
 * excludeCredentials, or an attacker replaying someone's credential ID, would send. With
 * attestation "none" nothing signs the client data, so only its challenge needs to change.
 */
export function reanswered(registration: RegistrationResponseJSON, challenge: string): RegistrationResponseJSON {
  const clientData = JSON.parse(isoBase64URL.toUTF8String(registration.response.clientDataJSON)) as Record<string, unknown>;
  const clientDataJSON = isoBase64URL.fromUTF8String(JSON.stringify({ ...clientData, challenge }));
  return { ...registration, response: { ...registration.response, clientDataJSON } };
}
