import { SignJWT, errors, jwtVerify } from 'jose';
import { getConfig } from '../config';
import { deriveKey } from './derived-keys';

// The proof that someone gave the right password of an account that also needs a second factor:
// a JWT that lives 5 minutes, in its own cookie for the browser and as `mfa_token` in the API.
// It can only be exchanged, together with a code, for a session. It is kept apart from access
// tokens in three ways, so neither can ever pass for the other: its own key (derived from
// JWT_SECRET with HKDF), its own `typ` and its own audience.

export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60;
const TOKEN_TYPE = 'mfa-challenge+jwt';
const AUDIENCE = 'latchkey:mfa-challenge';
const MAX_TOKEN_LENGTH = 2048;

function challengeKey(): Uint8Array {
  return new Uint8Array(deriveKey('mfa challenge signing'));
}

export async function signMfaChallenge(userId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
    .setSubject(userId)
    .setIssuer(getConfig().appUrl)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + MFA_CHALLENGE_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(challengeKey());
}

/** The user id a challenge was issued for, or null for anything that is not a live challenge. */
export async function verifyMfaChallenge(token: string): Promise<string | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, challengeKey(), {
      algorithms: ['HS256'],
      typ: TOKEN_TYPE,
      issuer: getConfig().appUrl,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
    });
    return typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
