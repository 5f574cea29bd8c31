import { setProviderFlowCookie } from '@/lib/auth/cookies';
import { authorizationUrl, findProvider } from '@/lib/auth/oidc';
import { startProviderFlow } from '@/lib/auth/provider-flow';
import { safeNextPath } from '@/lib/auth/redirect';
import { getConfig } from '@/lib/config';
import { notFound, seeOther } from '@/lib/request/responses';
import { providerProblemPath } from '@/lib/auth/provider-problems';

// `Continue with …`: a plain form posts here (middleware has checked its Origin). The round trip
// starts: its state, PKCE verifier and nonce go into this browser's cookie, the browser to the
// provider.
export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const provider = findProvider((await params).provider);
  if (!provider) return notFound();
  const form = await request.formData().catch(() => null);
  const next = safeNextPath(form?.get('next'));
  const { flow, token } = await startProviderFlow(provider.id, next);
  let destination: URL;
  try {
    destination = await authorizationUrl(provider, flow);
  } catch (error) {
    console.error(`[latchkey] ${provider.name} could not be reached: ${error instanceof Error ? error.message : 'unknown error'}`);
    return seeOther(`${getConfig().appUrl}${providerProblemPath('provider_unavailable', provider.id, next)}`);
  }
  await setProviderFlowCookie(token);
  return seeOther(destination.href);
}
