import { discoveryDocument } from '@/lib/oauth/discovery';

// OpenID Connect Discovery 1.0 section 4: the provider's metadata, at the issuer's well-known path.
export async function GET(): Promise<Response> {
  return Response.json(await discoveryDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
