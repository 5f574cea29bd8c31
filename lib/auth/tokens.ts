import { type JWTHeaderParameters, SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { getConfig } from '../config';
import { forgetKeyRing, getKeyRing } from './keys';

// Access tokens are short-lived JWTs signed with the configured algorithm (JWT_ALG, keys.ts).
// Verification pins every parameter an attacker could otherwise choose: the algorithm, the key
// (by kid, from the local set only), the token type, issuer, audience and the claims that must
// be present. Anything unexpected means "not signed in", never an error page.

const AUDIENCE = 'latchkey';
// RFC 9068's type for JWT access tokens: a token minted for another purpose is refused.
const TOKEN_TYPE = 'at+jwt';
const CLOCK_TOLERANCE_SECONDS = 30;
// A real access token is about 400 bytes; refusing huge ones bounds the work per request.
const MAX_TOKEN_LENGTH = 8192;

export const ROLES = ['USER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export type AccessClaims = {
  userId: string;
  sessionId: string;
  role: Role;
  /** Expiry, in seconds since the epoch. */
  expiresAt: number;
};

const claimsSchema = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  role: z.enum(ROLES),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
});

// An unknown kid may be a key created since the ring was loaded: read the keys again, at most
// this often, so forged kids cannot make every request read the disk.
const RELOAD_ON_UNKNOWN_KID_MS = 5_000;
let lastUnknownKidReload = 0;

async function verificationKey(header: JWTHeaderParameters) {
  let ring = await getKeyRing();
  // HS256 tokens are issued without a kid: one naming a key is not ours.
  if (ring.signing.alg === 'HS256') {
    if (header.kid !== undefined) throw new errors.JWKSNoMatchingKey();
    return ring.signing.key;
  }
  const kid = header.kid ?? '';
  if (!ring.byKid.has(kid) && Date.now() - lastUnknownKidReload > RELOAD_ON_UNKNOWN_KID_MS) {
    lastUnknownKidReload = Date.now();
    forgetKeyRing();
    ring = await getKeyRing();
  }
  const key = ring.byKid.get(kid);
  if (!key) throw new errors.JWKSNoMatchingKey();
  return key;
}

export async function signAccessToken(claims: { userId: string; sessionId: string; role: Role }): Promise<string> {
  const { appUrl, accessTokenTtl } = getConfig();
  const { signing } = await getKeyRing();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: claims.sessionId, role: claims.role })
    .setProtectedHeader({ alg: signing.alg, typ: TOKEN_TYPE, ...(signing.kid ? { kid: signing.kid } : {}) })
    .setSubject(claims.userId)
    .setIssuer(appUrl)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + accessTokenTtl)
    .setJti(crypto.randomUUID())
    .sign(signing.key);
}

/** Returns the token's claims, or null for any token that is not a valid Latchkey access token. */
export async function verifyAccessToken(token: string): Promise<AccessClaims | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  const { appUrl, jwtAlg } = getConfig();
  try {
    const { payload } = await jwtVerify(token, verificationKey, {
      algorithms: [jwtAlg],
      typ: TOKEN_TYPE,
      issuer: appUrl,
      audience: AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'sid', 'role', 'jti', 'iat', 'exp'],
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return null;
    // jose accepts any `iat`; one from the future means a clock or a forger we should not trust.
    if (claims.data.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) return null;
    return { userId: claims.data.sub, sessionId: claims.data.sid, role: claims.data.role, expiresAt: claims.data.exp };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
