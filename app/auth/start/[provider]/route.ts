import { getCurrentSession } from '@/lib/accounts/dal';
import { isRecentlyAuthenticated } from '@/lib/accounts/recent-authentication';
import { setProviderFlowCookie } from '@/lib/auth/cookies';
import { authorizationUrl, findProvider } from '@/lib/auth/oidc';
import { startProviderFlow } from '@/lib/auth/provider-flow';
import { CONNECTED_ACCOUNTS_PATH, connectedAccountsPath, providerProblemPath } from '@/lib/auth/provider-problems';
import { safeNextPath } from '@/lib/auth/redirect';
import { getConfig } from '@/lib/config';
import { getLogger } from '@/lib/log';
import { notFound, seeOther } from '@/lib/request/responses';

// `Continue with …` (and `Connect` in settings): a plain form posts here (middleware has checked
// its Origin). The round trip starts: its state, PKCE verifier and nonce go into this browser's
// cookie, the browser to the provider. Connecting a provider is a new way into the account, so,
// like adding a passkey, it needs a sign-in within the last 5 minutes.
export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const provider = findProvider((await params).provider);
  if (!provider) return notFound();
  const { appUrl } = getConfig();
  const form = await request.formData().catch(() => null);
  const connecting = form?.get('intent') === 'connect';
  const session = connecting ? await getCurrentSession() : null;
  if (connecting && !session) return seeOther(`${appUrl}/login?next=${encodeURIComponent(CONNECTED_ACCOUNTS_PATH)}`);
  if (session && !(await isRecentlyAuthenticated(session.sessionId))) {
    return seeOther(`${appUrl}${connectedAccountsPath({ error: 'not_recent', provider: provider.id })}`);
  }
  const next = connecting ? CONNECTED_ACCOUNTS_PATH : safeNextPath(form?.get('next'));
  const { flow, token } = await startProviderFlow(provider.id, next, session?.sessionId);
  let destination: URL;
  try {
    destination = await authorizationUrl(provider, flow);
  } catch (error) {
    getLogger().error({ provider: provider.id, error: error instanceof Error ? error.message : 'unknown error' }, 'provider could not be reached');
    const problem = { error: 'provider_unavailable', provider: provider.id } as const;
    return seeOther(`${appUrl}${connecting ? connectedAccountsPath(problem) : providerProblemPath(problem.error, provider.id, next)}`);
  }
  await setProviderFlowCookie(token);
  return seeOther(destination.href);
}
