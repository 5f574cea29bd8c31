import 'server-only';
import { type JWTHeaderParameters, SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { getConfig } from '../config';
import { getProviderKeyRing } from './keys';

// The tokens Latchkey issues to apps as an OpenID Connect provider (lib/oauth/), signed with the
// provider's keys (always asymmetric: apps verify them with the published JWKS).
//  - ID token (OpenID Connect Core 1.0 section 2): who signed in, for the app named in `aud`.
//  - App access token (RFC 9068): `aud` and `client_id` name the app, `sid` the grant, `scope`
//    what it may read at the userinfo endpoint. It never passes for the user's own session:
//    Latchkey's access tokens have the audience `latchkey` (tokens.ts), these the client_id.
// Both live ACCESS_TOKEN_TTL.

const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_TOKEN_LENGTH = 8192;
const ACCESS_TOKEN_TYPE = 'at+jwt';
const ID_TOKEN_TYPE = 'JWT';

export type IdTokenClaims = {
  userId: string;
  clientId: string;
  authTime: Date;
  amr: string[];
  nonce: string | null;
  /** With the email scope. */
  email?: { email: string; verified: boolean };
};

export type AppAccessClaims = { userId: string; clientId: string; grantId: string; scopes: string[] };

async function signer(claims: Record<string, unknown>, typ: string, subject: string, audience: string) {
  const { appUrl, accessTokenTtl } = getConfig();
  const { signing } = await getProviderKeyRing();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signing.alg, typ, kid: signing.kid })
    .setIssuer(appUrl)
    .setSubject(subject)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + accessTokenTtl)
    .sign(signing.key);
}

export function signIdToken(claims: IdTokenClaims): Promise<string> {
  return signer(
    {
      auth_time: Math.floor(claims.authTime.getTime() / 1000),
      amr: claims.amr,
      ...(claims.nonce !== null ? { nonce: claims.nonce } : {}),
      ...(claims.email ? { email: claims.email.email, email_verified: claims.email.verified } : {}),
    },
    ID_TOKEN_TYPE,
    claims.userId,
    claims.clientId,
  );
}

export function signAppAccessToken(claims: AppAccessClaims): Promise<string> {
  return signer(
    { client_id: claims.clientId, sid: claims.grantId, scope: claims.scopes.join(' '), jti: crypto.randomUUID() },
    ACCESS_TOKEN_TYPE,
    claims.userId,
    claims.clientId,
  );
}

async function providerKey(header: JWTHeaderParameters) {
  const key = (await getProviderKeyRing()).byKid.get(header.kid ?? '');
  if (!key) throw new errors.JWKSNoMatchingKey();
  return key;
}

const appAccessSchema = z.object({ sub: z.uuid(), client_id: z.string().min(1), sid: z.uuid(), scope: z.string(), aud: z.string() });

/** The claims of a valid, unexpired app access token; null for anything else (an ID token too). */
export async function verifyAppAccessToken(token: string): Promise<AppAccessClaims | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  const { appUrl } = getConfig();
  const ring = await getProviderKeyRing();
  try {
    const { payload } = await jwtVerify(token, providerKey, {
      algorithms: [ring.signing.alg],
      typ: ACCESS_TOKEN_TYPE,
      issuer: appUrl,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'aud', 'client_id', 'sid', 'scope', 'exp', 'iat'],
    });
    const parsed = appAccessSchema.safeParse(payload);
    if (!parsed.success || parsed.data.aud !== parsed.data.client_id) return null;
    const { sub, client_id, sid, scope } = parsed.data;
    return { userId: sub, clientId: client_id, grantId: sid, scopes: scope.split(' ') };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

const hintSchema = z.object({ sub: z.uuid(), aud: z.string().min(1) });

/**
 * RP-Initiated Logout 1.0 section 2: the `id_token_hint` names the user and the app. Its
 * signature and issuer must hold; its expiry need not (an app may send an old ID token).
 */
export async function readIdTokenHint(token: string): Promise<{ userId: string; clientId: string } | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  try {
    if (decodeProtectedHeader(token).typ !== ID_TOKEN_TYPE) return null;
    const ring = await getProviderKeyRing();
    const { payload } = await jwtVerify(token, providerKey, {
      algorithms: [ring.signing.alg],
      issuer: getConfig().appUrl,
      // Any age: the hint only says whom the app signed in, and the user's session decides the rest.
      currentDate: new Date(0),
    });
    const parsed = hintSchema.safeParse(payload);
    return parsed.success ? { userId: parsed.data.sub, clientId: parsed.data.aud } : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
