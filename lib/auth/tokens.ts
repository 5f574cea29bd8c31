import 'server-only';
import { type JWTHeaderParameters, SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { getConfig } from '../config';
import { forgetKeyRing, getKeyRing } from './keys';
import { type VerifiedClaims, claimsHoldAt, recallVerifiedToken, rememberVerifiedToken } from './verified-tokens';

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

// The shape of every claim, not only its presence: a correctly signed token whose ids are not
// UUIDs (a bug in another issuer, or a key that leaked) must mean "not signed in", not a database
// error on the uuid columns they are looked up in. User ids are Prisma's uuid(), session ids
// crypto.randomUUID().
const claimsSchema = z.object({
  sub: z.uuid(),
  sid: z.uuid(),
  role: z.enum(ROLES),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
  nbf: z.number().optional(),
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

/**
 * Returns the token's claims, or null for any token that is not a valid Latchkey access token.
 * jose verifies a token the first time it is seen; after that it is recalled from a bounded cache
 * of verified tokens, its time claims checked again (verified-tokens.ts).
 */
export async function verifyAccessToken(token: string): Promise<AccessClaims | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  const { appUrl } = getConfig();
  const ring = await getKeyRing();
  const scope = `${ring.id}|${appUrl}`;
  const recalled = recallVerifiedToken(scope, token, Date.now(), CLOCK_TOLERANCE_SECONDS);
  if (recalled !== undefined) return recalled && accessClaims(recalled);
  const verified = await verifyWithJose(token);
  if (!verified) return null;
  rememberVerifiedToken(scope, token, verified);
  return accessClaims(verified);
}

async function verifyWithJose(token: string): Promise<VerifiedClaims | null> {
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
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) return null;
    const { sub, sid, role, iat, exp, nbf } = parsed.data;
    const claims = { userId: sub, sessionId: sid, role, expiresAt: exp, issuedAt: iat, notBefore: nbf };
    // jose accepts any `iat`; one from the future means a clock or a forger we should not trust.
    return claimsHoldAt(claims, Date.now(), CLOCK_TOLERANCE_SECONDS) ? claims : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

const accessClaims = ({ userId, sessionId, role, expiresAt }: VerifiedClaims): AccessClaims => ({ userId, sessionId, role, expiresAt });
