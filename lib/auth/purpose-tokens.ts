import 'server-only';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { getConfig } from '../config';
import { type KeyPurpose, deriveKey } from './derived-keys';

// The short JWTs Latchkey issues to itself, each for one purpose (the MFA challenge, device
// tokens): HS256 with the purpose's own key derived from JWT_SECRET, its own `typ` and audience,
// so a token of one purpose never passes for another's or for an access token. Each names itself
// (`jti`, a UUID) and usually a user (`sub`); a purpose that needs more claims says which in its
// own schema.

export type PurposeClaims = { sub: string; jti: string };

export type TokenPurpose<Claims extends { jti: string } = PurposeClaims> = {
  key: KeyPurpose;
  typ: string;
  audience: string;
  ttlSeconds: number;
  /** Longer tokens are refused unread. */
  maxLength: number;
  /** The claims besides the registered ones (`iss`, `aud`, `iat`, `exp`); by default `sub` and `jti`. */
  claims?: z.ZodType<Claims>;
};

const purposeClaims = z.object({ sub: z.uuid(), jti: z.uuid() });

export function signPurposeToken<Claims extends { jti: string; sub?: string }>(
  purpose: TokenPurpose<Claims>,
  claims: Claims,
  issuedAt = Math.floor(Date.now() / 1000),
): Promise<string> {
  const { sub, jti, ...rest } = claims;
  const token = new SignJWT(rest);
  if (sub !== undefined) token.setSubject(sub);
  return token
    .setProtectedHeader({ alg: 'HS256', typ: purpose.typ })
    .setIssuer(getConfig().appUrl)
    .setAudience(purpose.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + purpose.ttlSeconds)
    .setJti(jti)
    .sign(deriveKey(purpose.key));
}

/** The claims of a live token of this purpose, or null for anything else (never an error). */
export async function verifyPurposeToken<Claims extends { jti: string }>(purpose: TokenPurpose<Claims>, token: string): Promise<Claims | null> {
  if (token.length === 0 || token.length > purpose.maxLength) return null;
  try {
    const { payload } = await jwtVerify(token, deriveKey(purpose.key), {
      algorithms: ['HS256'],
      typ: purpose.typ,
      issuer: getConfig().appUrl,
      audience: purpose.audience,
      requiredClaims: ['iat', 'exp', 'jti'],
    });
    // The schema keeps only the purpose's own claims; jwtVerify has checked the registered ones.
    const parsed = (purpose.claims ?? (purposeClaims as unknown as z.ZodType<Claims>)).safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
