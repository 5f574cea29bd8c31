import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { cose, isoBase64URL, isoCBOR, isoUint8Array } from '@simplewebauthn/server/helpers';

// A passkey authenticator and its browser in one, in software, for tests: it answers the options
// the server hands out with responses signed as a real ES256 platform authenticator signs them.
// Unlike a browser it takes the origin and RP ID it is told, so tests can also forge answers a
// browser would never send (another origin, another RP ID, an old counter, UV off).

export type Credential = {
  /** base64url credential ID. */
  id: string;
  privateKey: KeyObject;
  rpId: string;
  /** base64url `user.id` of the registration options. */
  userHandle: string | undefined;
  counter: number;
  /** Only discoverable credentials answer options with no allowCredentials. */
  discoverable: boolean;
};

export type AuthenticatorOptions = {
  /** 16 bytes; all zeros, as most passkey providers send with attestation "none". */
  aaguid?: Uint8Array;
  /** False for authenticators (synced passkeys mostly) that always report counter 0. */
  countsSignatures?: boolean;
  userVerified?: boolean;
  backupEligible?: boolean;
  backedUp?: boolean;
  transports?: string[];
};

export type CeremonyOptions = {
  origin: string;
  /** The RP ID hashed into the authenticator data; a browser would insist it fits the origin. */
  rpId?: string;
  userVerified?: boolean;
};

export type AssertionOptions = CeremonyOptions & {
  credentialId?: string;
  /** The counter to send instead of the next one, as a cloned authenticator would; not stored. */
  counter?: number;
};

/** A credential as Chrome DevTools Protocol's `WebAuthn.getCredentials` reports it. */
export type CdpCredential = {
  /** Standard base64, as are `privateKey` (PKCS#8 DER) and `userHandle`. */
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
};

type CBOR = Parameters<typeof isoCBOR.encode>[0];

const ES256 = cose.COSEALG.ES256;

const FLAG = { userPresent: 0x01, userVerified: 0x04, backupEligible: 0x08, backedUp: 0x10, attestedData: 0x40 };

export class SoftwareAuthenticator {
  readonly #credentials: Credential[] = [];
  readonly #aaguid: Uint8Array;
  readonly #countsSignatures: boolean;
  readonly #userVerified: boolean;
  readonly #backupEligible: boolean;
  readonly #backedUp: boolean;
  readonly #transports: string[];

  constructor(options: AuthenticatorOptions = {}) {
    this.#aaguid = options.aaguid ?? new Uint8Array(16);
    if (this.#aaguid.length !== 16) throw new Error('an AAGUID is 16 bytes');
    this.#countsSignatures = options.countsSignatures ?? true;
    this.#userVerified = options.userVerified ?? true;
    this.#backupEligible = options.backupEligible ?? false;
    this.#backedUp = options.backedUp ?? false;
    this.#transports = options.transports ?? ['internal'];
  }

  /** Snapshots: counters in them do not move with later assertions. */
  get credentials(): readonly Readonly<Credential>[] {
    return this.#credentials.map((credential) => ({ ...credential }));
  }

  register(options: PublicKeyCredentialCreationOptionsJSON, ceremony: CeremonyOptions): RegistrationResponseJSON {
    const rpId = ceremony.rpId ?? options.rp.id ?? new URL(ceremony.origin).hostname;
    if (options.pubKeyCredParams.length > 0 && !options.pubKeyCredParams.some((param) => param.alg === ES256)) {
      throw new DOMException('this authenticator only makes ES256 keys', 'NotSupportedError');
    }
    // A real authenticator will not make a second credential for an account it already serves.
    const excluded = new Set(options.excludeCredentials?.map((descriptor) => descriptor.id));
    if (this.#credentials.some((credential) => credential.rpId === rpId && excluded.has(credential.id))) {
      throw new DOMException('a credential in excludeCredentials is on this authenticator', 'InvalidStateError');
    }

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: Credential = {
      id: isoBase64URL.fromBuffer(randomBytes(32)),
      privateKey,
      rpId,
      userHandle: options.user.id,
      counter: 0,
      // Passkey providers store the credential (and so can find it unasked) unless told not to.
      discoverable: options.authenticatorSelection?.residentKey !== 'discouraged',
    };
    this.#credentials.push(credential);

    const rawId = isoBase64URL.toBuffer(credential.id);
    const idLength = new Uint8Array(2);
    new DataView(idLength.buffer).setUint16(0, rawId.length);
    const authenticatorData = this.#authenticatorData(rpId, {
      userVerified: ceremony.userVerified,
      counter: credential.counter,
      attestedCredentialData: isoUint8Array.concat([bytes(this.#aaguid), idLength, rawId, coseKey(publicKey)]),
    });
    const attestationObject = isoCBOR.encode(
      new Map<string, CBOR>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authenticatorData],
      ]),
    );

    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, ceremony.origin),
        attestationObject: isoBase64URL.fromBuffer(attestationObject),
        authenticatorData: isoBase64URL.fromBuffer(authenticatorData),
        transports: [...this.#transports],
        publicKeyAlgorithm: ES256,
        publicKey: isoBase64URL.fromBuffer(bytes(publicKey.export({ type: 'spki', format: 'der' }))),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  authenticate(options: PublicKeyCredentialRequestOptionsJSON, ceremony: AssertionOptions): AuthenticationResponseJSON {
    const rpId = ceremony.rpId ?? options.rpId ?? new URL(ceremony.origin).hostname;
    const credential = this.#choose(options, rpId, ceremony.credentialId);
    if (this.#countsSignatures) credential.counter += 1;
    const counter = ceremony.counter ?? (this.#countsSignatures ? credential.counter : 0);

    const authenticatorData = this.#authenticatorData(rpId, { userVerified: ceremony.userVerified, counter });
    const clientDataJSON = clientData('webauthn.get', options.challenge, ceremony.origin);
    const signedData = isoUint8Array.concat([authenticatorData, sha256(isoBase64URL.toBuffer(clientDataJSON))]);

    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: isoBase64URL.fromBuffer(authenticatorData),
        signature: isoBase64URL.fromBuffer(signWith(credential.privateKey, signedData)),
        // Authenticators keep the user handle only with discoverable credentials.
        ...(credential.discoverable && credential.userHandle !== undefined && { userHandle: credential.userHandle }),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Takes over a credential from Chromium's virtual authenticator, to sign with it outside the browser. */
  importCredential(cdp: CdpCredential): Readonly<Credential> {
    if (!cdp.rpId) throw new Error('the credential has no RP ID');
    // -1 is Chromium's "no counter": make such an authenticator with countsSignatures false.
    if (cdp.signCount < 0) throw new Error(`sign count ${cdp.signCount}: use countsSignatures: false and 0`);
    const credential: Credential = {
      id: isoBase64URL.fromBuffer(isoBase64URL.toBuffer(cdp.credentialId, 'base64')),
      privateKey: createPrivateKey({ key: Buffer.from(cdp.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
      rpId: cdp.rpId,
      userHandle: cdp.userHandle === undefined ? undefined : isoBase64URL.fromBuffer(isoBase64URL.toBuffer(cdp.userHandle, 'base64')),
      counter: cdp.signCount,
      discoverable: cdp.isResidentCredential,
    };
    this.#credentials.push(credential);
    return { ...credential };
  }

  #choose(options: PublicKeyCredentialRequestOptionsJSON, rpId: string, credentialId: string | undefined): Credential {
    // A named credential is used whatever its RP ID, so tests can replay it against another RP.
    if (credentialId !== undefined) {
      const named = this.#credentials.find((credential) => credential.id === credentialId);
      if (!named) throw new Error(`no credential ${credentialId} on this authenticator`);
      return named;
    }
    const allowed = options.allowCredentials ?? [];
    const candidates = this.#credentials.filter((credential) =>
      credential.rpId === rpId && (allowed.length === 0 ? credential.discoverable : allowed.some((descriptor) => descriptor.id === credential.id)),
    );
    const [first] = candidates;
    if (!first) throw new DOMException(`no credential on this authenticator for ${rpId} fits the options`, 'NotAllowedError');
    return first;
  }

  #authenticatorData(
    rpId: string,
    { userVerified = this.#userVerified, counter, attestedCredentialData }: { userVerified?: boolean; counter: number; attestedCredentialData?: Uint8Array<ArrayBuffer> },
  ): Uint8Array<ArrayBuffer> {
    const flags =
      FLAG.userPresent |
      (userVerified ? FLAG.userVerified : 0) |
      (this.#backupEligible ? FLAG.backupEligible : 0) |
      (this.#backedUp ? FLAG.backedUp : 0) |
      (attestedCredentialData ? FLAG.attestedData : 0);
    const counterBytes = new Uint8Array(4);
    new DataView(counterBytes.buffer).setUint32(0, counter);
    return isoUint8Array.concat([
      sha256(isoUint8Array.fromUTF8String(rpId)),
      Uint8Array.of(flags),
      counterBytes,
      ...(attestedCredentialData ? [attestedCredentialData] : []),
    ]);
  }
}

/**
 * The assertion signature. Keys made here are P-256; an imported one may be Ed25519, which
 * Chromium's virtual authenticator makes when the options offer EdDSA first (Latchkey's do).
 */
function signWith(privateKey: KeyObject, data: Uint8Array): Uint8Array<ArrayBuffer> {
  // Ed25519 hashes inside the algorithm (no digest to name) and signs in raw 64 bytes; Node signs
  // with EC keys in DER, the encoding WebAuthn uses for ECDSA signatures.
  return bytes(sign(privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, privateKey));
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): string {
  return isoBase64URL.fromUTF8String(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** The COSE_Key of a P-256 public key, in the CBOR the attested credential data carries. */
function coseKey(publicKey: KeyObject): Uint8Array<ArrayBuffer> {
  const { x, y } = publicKey.export({ format: 'jwk' });
  if (!x || !y) throw new Error('not an EC public key');
  return isoCBOR.encode(
    new Map<number, CBOR>([
      [cose.COSEKEYS.kty, cose.COSEKTY.EC2],
      [cose.COSEKEYS.alg, ES256],
      [cose.COSEKEYS.crv, cose.COSECRV.P256],
      [cose.COSEKEYS.x, isoBase64URL.toBuffer(x)],
      [cose.COSEKEYS.y, isoBase64URL.toBuffer(y)],
    ]),
  );
}

function sha256(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes(createHash('sha256').update(data).digest());
}

// The helpers want plain ArrayBuffer-backed arrays; Buffers may sit on a shared pool.
function bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(data);
}
