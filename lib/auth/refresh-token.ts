import 'server-only';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { deriveKey } from './derived-keys';

// Refresh tokens are `<tag>.<secret>`, both random and opaque to the client.
//  - The tag (128 bits) is fixed for a session and stored on it. Presenting any token with a
//    known tag but an unknown secret means an old, rotated token came back: reuse, even after
//    the old row has been deleted. The table therefore holds only current and recent tokens.
//  - The first secret is 256 random bits. Each successor is HMAC(rotation key, predecessor), the
//    key derived from JWT_SECRET (derived-keys.ts):
//    presenting the previous token again inside the grace window yields the very same successor,
//    so racing tabs converge on one token instead of branching the session.
// Only SHA-256 hashes of whole tokens are stored.

const TAG_BYTES = 16;
const SECRET_BYTES = 32;
const FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function generateRefreshTag(): string {
  return randomBytes(TAG_BYTES).toString('base64url');
}

export function generateRefreshToken(tag: string): string {
  return `${tag}.${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/** The successor a token rotates to. Deterministic, unpredictable without the server secret. */
export function successorOf(token: string): string {
  const { tag } = parseRefreshToken(token) ?? {};
  if (!tag) throw new Error('successorOf: malformed refresh token');
  const secret = createHmac('sha256', deriveKey('refresh rotation')).update(token).digest('base64url');
  return `${tag}.${secret}`;
}

export function parseRefreshToken(token: string): { tag: string } | null {
  const match = FORMAT.exec(token);
  return match?.[1] ? { tag: match[1] } : null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
