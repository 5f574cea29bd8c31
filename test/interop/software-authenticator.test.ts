import { generateKeyPairSync } from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { describe, expect, test } from 'vitest';
import { type AssertionOptions, SoftwareAuthenticator } from '@/test/support/authenticator';

// The software authenticator the passkey tests lean on, checked against @simplewebauthn/server
// itself: what it signs verifies, and what it is told to get wrong is refused for that reason.

const RP_ID = 'latchkey.test';
const ORIGIN = 'https://latchkey.test';

async function registrationOptions(excludeCredentials: { id: string }[] = []) {
  return generateRegistrationOptions({
    rpName: 'Latchkey',
    rpID: RP_ID,
    userName: 'ada@example.com',
    userID: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
    attestationType: 'none',
    excludeCredentials,
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

function verifyRegistration(response: RegistrationResponseJSON, challenge: string) {
  return verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: true });
}

/** A registered authenticator and the passkey as the server stored it. */
async function registered(authenticator = new SoftwareAuthenticator()): Promise<{ authenticator: SoftwareAuthenticator; stored: WebAuthnCredential }> {
  const options = await registrationOptions();
  const { verified, registrationInfo } = await verifyRegistration(authenticator.register(options, { origin: ORIGIN }), options.challenge);
  if (!verified) throw new Error('registration did not verify');
  return { authenticator, stored: registrationInfo.credential };
}

/** An assertion answering fresh options, and the challenge those options carried. */
async function signIn(authenticator: SoftwareAuthenticator, stored: WebAuthnCredential, ceremony: Partial<AssertionOptions> = {}, allowCredentials = [{ id: stored.id }]) {
  const options = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials, userVerification: 'required' });
  return { response: authenticator.authenticate(options, { origin: ORIGIN, ...ceremony }), challenge: options.challenge };
}

function verifyAuthentication(response: AuthenticationResponseJSON, challenge: string, stored: WebAuthnCredential) {
  return verifyAuthenticationResponse({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: stored, requireUserVerification: true });
}

describe('registration', () => {
  test('verifies with user verification required, under the authenticator’s credential ID and AAGUID', async () => {
    const aaguid = Uint8Array.from(Buffer.from('ea9b8d664d011d213ce4b6b48cb575d4', 'hex'));
    const authenticator = new SoftwareAuthenticator({ aaguid, backupEligible: true, backedUp: true });
    const options = await registrationOptions();
    const response = authenticator.register(options, { origin: ORIGIN });
    const { verified, registrationInfo } = await verifyRegistration(response, options.challenge);

    expect(verified).toBe(true);
    const [credential] = authenticator.credentials;
    expect(registrationInfo?.credential.id).toBe(credential?.id);
    expect(credential?.userHandle).toBe(options.user.id);
    expect(registrationInfo?.aaguid).toBe('ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4');
    expect(registrationInfo?.userVerified).toBe(true);
    expect(registrationInfo?.credentialDeviceType).toBe('multiDevice');
    expect(registrationInfo?.credentialBackedUp).toBe(true);
    expect(registrationInfo?.credential.transports).toEqual(['internal']);
    expect(registrationInfo?.rpID).toBe(RP_ID);
  });

  test('defaults to the zero AAGUID, a single-device credential and counter 0', async () => {
    const authenticator = new SoftwareAuthenticator();
    const options = await registrationOptions();
    const { registrationInfo } = await verifyRegistration(authenticator.register(options, { origin: ORIGIN }), options.challenge);
    expect(registrationInfo?.aaguid).toBe('00000000-0000-0000-0000-000000000000');
    expect(registrationInfo?.credentialDeviceType).toBe('singleDevice');
    expect(registrationInfo?.credential.counter).toBe(0);
  });

  test('is refused from another origin', async () => {
    const options = await registrationOptions();
    const response = new SoftwareAuthenticator().register(options, { origin: 'https://evil.test' });
    await expect(verifyRegistration(response, options.challenge)).rejects.toThrow(/^Unexpected registration response origin/);
  });

  test('is refused for another RP ID', async () => {
    const options = await registrationOptions();
    const response = new SoftwareAuthenticator().register(options, { origin: ORIGIN, rpId: 'evil.test' });
    await expect(verifyRegistration(response, options.challenge)).rejects.toThrow(/^Unexpected RP ID hash/);
  });

  test('is refused without user verification when it is required', async () => {
    const options = await registrationOptions();
    const response = new SoftwareAuthenticator().register(options, { origin: ORIGIN, userVerified: false });
    await expect(verifyRegistration(response, options.challenge)).rejects.toThrow(/^User verification was required/);
  });

  test('is refused by the authenticator when it already holds an excluded credential', async () => {
    const { authenticator, stored } = await registered();
    const options = await registrationOptions([{ id: stored.id }]);
    expect(() => authenticator.register(options, { origin: ORIGIN })).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(() => new SoftwareAuthenticator().register(options, { origin: ORIGIN })).not.toThrow();
  });
});

describe('authentication', () => {
  async function signInAndVerify(authenticator: SoftwareAuthenticator, stored: WebAuthnCredential, ceremony: Partial<AssertionOptions> = {}, allowCredentials?: { id: string }[]) {
    const { response, challenge } = await signIn(authenticator, stored, ceremony, allowCredentials);
    return verifyAuthentication(response, challenge, stored);
  }

  test('verifies with the stored public key, the counter going up by one each time', async () => {
    const { authenticator, stored } = await registered();
    for (const expected of [1, 2]) {
      const { verified, authenticationInfo } = await signInAndVerify(authenticator, stored);
      expect(verified).toBe(true);
      expect(authenticationInfo.newCounter).toBe(expected);
      expect(authenticationInfo.userVerified).toBe(true);
      stored.counter = authenticationInfo.newCounter;
    }
    expect(authenticator.credentials[0]?.counter).toBe(2);
  });

  test('answers an empty allow list with a discoverable credential and its user handle', async () => {
    const { authenticator, stored } = await registered();
    const { response, challenge } = await signIn(authenticator, stored, {}, []);
    expect(response.id).toBe(stored.id);
    expect(response.response.userHandle).toBe(isoBase64URL.fromBuffer(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])));
    expect((await verifyAuthentication(response, challenge, stored)).verified).toBe(true);
  });

  test('finds no credential for an allow list of others', async () => {
    const { authenticator, stored } = await registered();
    await expect(signIn(authenticator, stored, {}, [{ id: isoBase64URL.fromBuffer(new Uint8Array(32)) }])).rejects.toThrow(
      expect.objectContaining({ name: 'NotAllowedError' }),
    );
  });

  test('always sends counter 0 when it does not count signatures, which the library accepts', async () => {
    const { authenticator, stored } = await registered(new SoftwareAuthenticator({ countsSignatures: false }));
    for (let i = 0; i < 2; i++) {
      const { verified, authenticationInfo } = await signInAndVerify(authenticator, stored);
      expect(verified).toBe(true);
      expect(authenticationInfo.newCounter).toBe(0);
    }
  });

  test('is refused from another origin', async () => {
    const { authenticator, stored } = await registered();
    await expect(signInAndVerify(authenticator, stored, { origin: 'https://evil.test' })).rejects.toThrow(/^Unexpected authentication response origin/);
  });

  test('is refused for another RP ID', async () => {
    const { authenticator, stored } = await registered();
    await expect(signInAndVerify(authenticator, stored, { rpId: 'evil.test', credentialId: stored.id })).rejects.toThrow(/^Unexpected RP ID hash/);
  });

  test('is refused without user verification when it is required', async () => {
    const { authenticator, stored } = await registered();
    await expect(signInAndVerify(authenticator, stored, { userVerified: false })).rejects.toThrow(/^User verification required/);
  });

  test('is refused with a counter that did not go up, as from a clone', async () => {
    const { authenticator, stored } = await registered();
    stored.counter = (await signInAndVerify(authenticator, stored)).authenticationInfo.newCounter;
    await expect(signInAndVerify(authenticator, stored, { counter: stored.counter })).rejects.toThrow(/^Response counter value 1 was lower than expected 1/);
    expect(authenticator.credentials[0]?.counter).toBe(2);
  });

  test('is refused when replayed, by its counter', async () => {
    const { authenticator, stored } = await registered();
    const { response, challenge } = await signIn(authenticator, stored);
    stored.counter = (await verifyAuthentication(response, challenge, stored)).authenticationInfo.newCounter;
    await expect(verifyAuthentication(response, challenge, stored)).rejects.toThrow(/^Response counter value 1 was lower than expected 1/);
  });

  test('does not verify with another passkey’s public key', async () => {
    const { authenticator, stored } = await registered();
    const { stored: other } = await registered();
    const { response, challenge } = await signIn(authenticator, stored);
    const { verified } = await verifyAuthentication(response, challenge, { ...stored, publicKey: other.publicKey });
    expect(verified).toBe(false);
  });
});

describe('a credential taken from Chromium’s virtual authenticator', () => {
  test('signs assertions that verify with its public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rawId = new Uint8Array(16).fill(0xfb); // 0xfb… is "+/" in base64, "-_" in base64url
    const userHandle = new Uint8Array([0xff, 0xfe, 0xfd]);
    const authenticator = new SoftwareAuthenticator();
    const imported = authenticator.importCredential({
      credentialId: Buffer.from(rawId).toString('base64'),
      isResidentCredential: true,
      rpId: RP_ID,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      userHandle: Buffer.from(userHandle).toString('base64'),
      signCount: 3,
    });
    expect(imported.id).toBe(isoBase64URL.fromBuffer(rawId));
    expect(imported.id).toMatch(/^[\w-]+$/);
    expect(imported.userHandle).toBe(isoBase64URL.fromBuffer(userHandle));

    const { x, y } = publicKey.export({ format: 'jwk' });
    const stored: WebAuthnCredential = { id: imported.id, publicKey: cosePublicKey(x!, y!), counter: 3 };
    const { response, challenge } = await signIn(authenticator, stored, {}, []);
    expect(response.response.userHandle).toBe(imported.userHandle);
    const { verified, authenticationInfo } = await verifyAuthentication(response, challenge, stored);
    expect(verified).toBe(true);
    expect(authenticationInfo.newCounter).toBe(4);
  });

  test('signs with an Ed25519 key, which Chromium makes when the options offer EdDSA first', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const authenticator = new SoftwareAuthenticator();
    const imported = authenticator.importCredential({
      credentialId: Buffer.from(new Uint8Array(16).fill(7)).toString('base64'),
      isResidentCredential: true,
      rpId: RP_ID,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      userHandle: Buffer.from([1, 2, 3]).toString('base64'),
      signCount: 1,
    });
    const { x } = publicKey.export({ format: 'jwk' });
    // {1: 1 (OKP), 3: -8 (EdDSA), -1: 6 (Ed25519), -2: <32 bytes>}
    const cose = Uint8Array.from(Buffer.concat([Buffer.from('a4010103272006215820', 'hex'), Buffer.from(x!, 'base64url')]));
    const stored: WebAuthnCredential = { id: imported.id, publicKey: cose, counter: 1 };
    const { response, challenge } = await signIn(authenticator, stored, {}, []);
    const { verified, authenticationInfo } = await verifyAuthentication(response, challenge, stored);
    expect(verified).toBe(true);
    expect(authenticationInfo.newCounter).toBe(2);
  });
});

// The COSE key the server would have stored at registration, built independently of the module under test.
function cosePublicKey(x: string, y: string): Uint8Array<ArrayBuffer> {
  const header = Buffer.from('a5010203262001215820', 'hex'); // {1: 2, 3: -7, -1: 1, -2: <32 bytes>
  return Uint8Array.from(Buffer.concat([header, Buffer.from(x, 'base64url'), Buffer.from('225820', 'hex'), Buffer.from(y, 'base64url')])); // -3: <32 bytes>}
}
