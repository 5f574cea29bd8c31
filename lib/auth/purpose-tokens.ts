import 'server-only';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { getConfig } from '../config';
import { type KeyPurpose, deriveKey } from './derived-keys';

// The short JWTs Latchkey issues to itself, each for one purpose (the MFA challenge, device
// tokens): HS256 with the purpose's own key derived from JWT_SECRET, its own `typ` and audience,
// so a token of one purpose never passes for another's or for an access token. Each names a user
// (`sub`) and itself (`jti`), both UUIDs, and carries nothing else.

export type TokenPurpose = {
  key: KeyPurpose;
  typ: string;
  audience: string;
  ttlSeconds: number;
  /** Longer tokens are refused unread. */
  maxLength: number;
};

export type PurposeClaims = { sub: string; jti: string };

const claimsSchema = z.object({ sub: z.uuid(), jti: z.uuid() });

export function signPurposeToken(purpose: TokenPurpose, claims: PurposeClaims, issuedAt = Math.floor(Date.now() / 1000)): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: purpose.typ })
    .setSubject(claims.sub)
    .setIssuer(getConfig().appUrl)
    .setAudience(purpose.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + purpose.ttlSeconds)
    .setJti(claims.jti)
    .sign(deriveKey(purpose.key));
}

/** The claims of a live token of this purpose, or null for anything else (never an error). */
export async function verifyPurposeToken(purpose: TokenPurpose, token: string): Promise<PurposeClaims | null> {
  if (token.length === 0 || token.length > purpose.maxLength) return null;
  try {
    const { payload } = await jwtVerify(token, deriveKey(purpose.key), {
      algorithms: ['HS256'],
      typ: purpose.typ,
      issuer: getConfig().appUrl,
      audience: purpose.audience,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? claims.data : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
