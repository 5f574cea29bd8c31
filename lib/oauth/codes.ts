import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Prisma } from '../db/generated/client';
import type { AuthorizationRequest } from './authorize';

// Authorization codes: issued by the authorization endpoint (RFC 6749 section 4.1.2), exchanged
// once at the token endpoint (section 4.1.3) by the client they were issued to, with the same
// redirect URI and the PKCE verifier of their challenge (RFC 7636 section 4.6). A code is 256
// random bits; only its SHA-256 is stored. It lives 60 seconds (section 4.1.2 recommends at most
// 10 minutes). A second use revokes what the first one gave (section 10.5): lib/oauth/grants.ts.

export const CODE_TTL_SECONDS = 60;

export const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/** The browser session that approves the request: who signed in, when and how. */
export type Approver = { userId: string; sessionId: string; authTime: Date; amr: string[] };

export async function issueCode(tx: Prisma.TransactionClient, request: AuthorizationRequest, approver: Approver): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await tx.authorizationCode.create({
    data: {
      codeHash: hashCode(code),
      clientId: request.client.id,
      userId: approver.userId,
      browserSessionId: approver.sessionId,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      authTime: approver.authTime,
      amr: approver.amr,
      expiresAt: new Date(Date.now() + CODE_TTL_SECONDS * 1000),
    },
  });
  return code;
}

/** RFC 7636 section 4.6: BASE64URL(SHA256(code_verifier)) equals the challenge; the verifier is 43-128 unreserved characters. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
