import 'server-only';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { getConfig } from '../config';
import { PASSKEY_CHALLENGE_TTL_SECONDS, type PasskeyChallenge } from './passkey-challenge';

// The WebAuthn ceremonies, through @simplewebauthn/server. The relying party is APP_URL: its host
// is the RP ID every passkey is bound to, its origin the only one whose answers count. Moving
// APP_URL to another host orphans every passkey made for the old one (docs/passkeys.md).

export type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON };

const RP_NAME = 'Latchkey';
// Ed25519, ES256, RS256: what platform and roaming authenticators use, strongest first.
const ALGORITHMS = [-8, -7, -257];
const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;

export function relyingParty(): { id: string; origin: string } {
  const url = new URL(getConfig().appUrl);
  return { id: url.hostname, origin: url.origin };
}

/** A passkey as the ceremonies need it. */
export type StoredCredential = { credentialId: string; publicKey: Uint8Array; transports: string[] };
/** What options name of a stored passkey. */
export type CredentialDescriptor = Pick<StoredCredential, 'credentialId' | 'transports'>;

/** What a verified registration adds to the Passkey table. */
export type NewCredential = {
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  signCount: number;
  transports: string[];
  aaguid: string;
  backupEligible: boolean;
  backedUp: boolean;
};

export type VerifiedAssertion = { newCounter: number; userVerified: boolean; backedUp: boolean };

// What the browser sends back, checked before the library parses it: base64url fields of
// bounded size (a credential ID is at most 1023 bytes; attestation with certificates a few KB).
const b64 = (maxLength: number) => z.base64url().max(maxLength);
const credentialFields = {
  id: b64(1400),
  rawId: b64(1400),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

export const authenticationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: b64(4096),
    authenticatorData: b64(4096),
    signature: b64(1024),
    userHandle: b64(128).optional(),
  }),
}) as unknown as z.ZodType<AuthenticationResponseJSON>;

export const registrationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: b64(4096),
    attestationObject: b64(32768),
    authenticatorData: b64(4096).optional(),
    transports: z.array(z.enum(TRANSPORTS)).max(TRANSPORTS.length).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64(4096).optional(),
  }),
}) as unknown as z.ZodType<RegistrationResponseJSON>;

/** Options for making a passkey: discoverable (no email to type at sign-in) and user-verified. */
export function registrationOptions(
  challenge: PasskeyChallenge,
  user: { email: string; handle: string },
  existing: CredentialDescriptor[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: relyingParty().id,
    userName: user.email,
    userDisplayName: user.email,
    userID: Buffer.from(user.handle, 'base64url'),
    challenge: Buffer.from(challenge.chl, 'base64url'),
    timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
    attestationType: 'none',
    // The same authenticator twice for one account would be one passkey under two names.
    excludeCredentials: existing.map(descriptor),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

/**
 * Options for using a passkey: any discoverable one, or one of `allowed` (a known user's). User
 * verification is required where the passkey is the whole proof, and only preferred where it is
 * the second factor after a password (a security key without a PIN may serve there).
 */
export function authenticationOptions(
  challenge: PasskeyChallenge,
  { allowed = [], userVerification }: { allowed?: CredentialDescriptor[]; userVerification: 'required' | 'preferred' },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: Buffer.from(challenge.chl, 'base64url'),
    timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
    allowCredentials: allowed.map(descriptor),
    userVerification,
  });
}

/**
 * The new credential of a registration answering `challenge` from this origin and RP ID with
 * the user verified; or why not. The library throws on any mismatch; its message (which may
 * quote the attacker's input) goes no further than a reason code.
 */
export async function verifyRegistration(challenge: PasskeyChallenge, response: RegistrationResponseJSON): Promise<NewCredential | { refused: string }> {
  const rp = relyingParty();
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.chl,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    if (!verified) return { refused: 'not_verified' };
    const { credential, aaguid, credentialDeviceType, credentialBackedUp } = registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: new Uint8Array(credential.publicKey),
      signCount: credential.counter,
      transports: credential.transports ?? [],
      aaguid,
      backupEligible: credentialDeviceType === 'multiDevice',
      backedUp: credentialBackedUp,
    };
  } catch (error) {
    return { refused: refusalReason(error) };
  }
}

/**
 * Checks an assertion's signature, challenge, origin, RP ID and flags against a stored passkey.
 * The sign count is the caller's to compare (passkey-assertion.ts), in the transaction that
 * stores the new one: the library is given 0 so it never refuses on it.
 */
export async function verifyAssertion(
  challenge: PasskeyChallenge,
  response: AuthenticationResponseJSON,
  stored: StoredCredential,
  requireUserVerification: boolean,
): Promise<VerifiedAssertion | { refused: string }> {
  const rp = relyingParty();
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.chl,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: stored.credentialId, publicKey: new Uint8Array(stored.publicKey), counter: 0, transports: transportsOf(stored) },
      requireUserVerification,
    });
    if (!verified) return { refused: 'bad_signature' };
    return { newCounter: authenticationInfo.newCounter, userVerified: authenticationInfo.userVerified, backedUp: authenticationInfo.credentialBackedUp };
  } catch (error) {
    return { refused: refusalReason(error) };
  }
}

function descriptor(credential: CredentialDescriptor) {
  return { id: credential.credentialId, transports: transportsOf(credential) };
}

function transportsOf(credential: CredentialDescriptor): AuthenticatorTransport[] {
  return credential.transports.filter((transport): transport is AuthenticatorTransport => (TRANSPORTS as readonly string[]).includes(transport));
}

// The library's messages, by how they start (the rest may quote the attacker's input), as stable
// codes for the audit log.
const REASONS: [RegExp, string][] = [
  [/^Unexpected (authentication|registration) response origin/, 'wrong_origin'],
  [/^Unexpected RP ID/, 'wrong_rp_id'],
  [/^Unexpected (authentication|registration) response challenge/, 'wrong_challenge'],
  [/^User verification (was )?required/, 'user_not_verified'],
];

function refusalReason(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalid_response';
}
