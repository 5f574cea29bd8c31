import { getKeyRing } from '@/lib/auth/keys';

// The public keys that verify Latchkey access tokens, for other services (RFC 7517 key set).
// Empty with HS256: a shared secret is never published.
export async function GET(): Promise<Response> {
  const { publicJwks } = await getKeyRing();
  return Response.json(
    { keys: publicJwks },
    // Short-lived, so verifiers pick up a rotation well before the old key retires.
    { headers: { 'Cache-Control': 'public, max-age=60' } },
  );
}
