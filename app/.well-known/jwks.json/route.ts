import { publishedKeys } from '@/lib/auth/keys';

// The public keys that verify Latchkey's tokens, for other services and for apps signing their
// users in through Latchkey (RFC 7517 key set): the access-token keys with ES256 or EdDSA, and
// the ID-token keys. A shared HS256 secret is never published.
export async function GET(): Promise<Response> {
  return Response.json(
    { keys: await publishedKeys() },
    // Short-lived, so verifiers pick up a rotation well before the old key retires.
    { headers: { 'Cache-Control': 'public, max-age=60' } },
  );
}
