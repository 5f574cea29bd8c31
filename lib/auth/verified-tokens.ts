import { LRUCache } from 'lru-cache';
import type { Role } from './tokens';

// Access tokens already verified by jose, keyed by the exact token string, so a token presented
// again (every page of a session carries the same one) skips the signature check. Time is the one
// thing that changes a verified token's answer, so exp, nbf and iat are checked again on every hit,
// exactly as jose checks them. The cache belongs to one key set and issuer: when either changes
// (a key is added or retires, tests switch configuration) it is emptied, so a token of a retired
// key is refused at once. Bounded: the least recently used tokens go first.

export const MAX_VERIFIED_TOKENS = 10_000;

export type VerifiedClaims = {
  userId: string;
  sessionId: string;
  role: Role;
  /** Seconds since the epoch. */
  expiresAt: number;
  issuedAt: number;
  notBefore: number | undefined;
};

const verified = new LRUCache<string, VerifiedClaims>({ max: MAX_VERIFIED_TOKENS });
let owner = '';

/** Whether verified claims hold at `nowMs`: jose's exp and nbf checks, and tokens.ts's iat check. */
export function claimsHoldAt(claims: VerifiedClaims, nowMs: number, toleranceSeconds: number): boolean {
  const now = Math.floor(nowMs / 1000);
  return (
    claims.expiresAt > now - toleranceSeconds &&
    (claims.notBefore === undefined || claims.notBefore <= now + toleranceSeconds) &&
    claims.issuedAt <= nowMs / 1000 + toleranceSeconds
  );
}

/**
 * The claims of a token verified earlier under `scope` (key set + issuer), or null if they no
 * longer hold (expired), or undefined if it has not been seen: then jose must verify it.
 */
export function recallVerifiedToken(scope: string, token: string, nowMs: number, toleranceSeconds: number): VerifiedClaims | null | undefined {
  if (scope !== owner) {
    verified.clear();
    owner = scope;
    return undefined;
  }
  const claims = verified.get(token);
  if (claims === undefined) return undefined;
  if (claimsHoldAt(claims, nowMs, toleranceSeconds)) return claims;
  verified.delete(token);
  return null;
}

export function rememberVerifiedToken(scope: string, token: string, claims: VerifiedClaims): void {
  if (scope === owner) verified.set(token, claims);
}

export function verifiedTokenCount(): number {
  return verified.size;
}
