import { getLocale } from 'next-intl/server';
import { getCurrentSession } from '@/lib/accounts/dal';
import { completeProviderRoundTrip } from '@/lib/accounts/provider-sign-in';
import { setMfaChallengeCookie, setSessionCookies, takeProviderFlowCookie } from '@/lib/auth/cookies';
import { findProvider } from '@/lib/auth/oidc';
import { connectedAccountsPath, providerProblemPath } from '@/lib/auth/provider-problems';
import { verifyPath } from '@/lib/auth/redirect';
import { getConfig } from '@/lib/config';
import { getClientInfo } from '@/lib/request/current';
import { notFound, seeOther } from '@/lib/request/responses';
import { unlessUnavailable } from '@/lib/unavailable';

// The provider sends the browser back here. The answer counts only with the round trip this
// browser started (its cookie, used up now): then the session, or the second factor, or the
// connection made from settings; or the page it came from saying what went wrong. Never an
// error page.
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const provider = findProvider((await params).provider);
  if (!provider) return notFound();
  const { appUrl } = getConfig();
  // The URL the provider redirected to, as registered (APP_URL), whatever proxies did to the host.
  const callback = new URL(`${appUrl}/auth/callback/${provider.id}${new URL(request.url).search}`);
  const flowToken = await takeProviderFlowCookie();
  const outcome = await unlessUnavailable(
    (async () => completeProviderRoundTrip(provider, flowToken, callback, await getCurrentSession(), await getClientInfo(), await getLocale()))(),
  );
  if (!('result' in outcome)) return seeOther(`${appUrl}${providerProblemPath(outcome.error, provider.id, '/dashboard')}`);
  if (outcome.connecting) {
    const { result } = outcome;
    return seeOther(`${appUrl}${connectedAccountsPath(result.ok ? { connected: provider.id } : { error: result.error, provider: provider.id })}`);
  }
  const { result, next } = outcome;
  if (result.ok) {
    await setSessionCookies(result.tokens);
    return seeOther(`${appUrl}${next}`);
  }
  if (result.error === 'mfa_required') {
    await setMfaChallengeCookie(result.challenge);
    return seeOther(`${appUrl}${verifyPath(next)}`);
  }
  return seeOther(`${appUrl}${providerProblemPath(result.error, provider.id, next)}`);
}
