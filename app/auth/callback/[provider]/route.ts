import { completeProviderSignIn } from '@/lib/accounts/provider-sign-in';
import { setMfaChallengeCookie, setSessionCookies, takeProviderFlowCookie } from '@/lib/auth/cookies';
import { findProvider } from '@/lib/auth/oidc';
import { providerProblemPath } from '@/lib/auth/provider-problems';
import { verifyPath } from '@/lib/auth/redirect';
import { getConfig } from '@/lib/config';
import { notFound, seeOther } from '@/lib/request/responses';
import { getClientInfo } from '@/lib/request/current';
import { unlessUnavailable } from '@/lib/unavailable';

// The provider sends the browser back here. The answer counts only with the round trip this
// browser started (its cookie, used up now): then the session, or the second factor, or /login
// saying what went wrong. Never an error page.
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const provider = findProvider((await params).provider);
  if (!provider) return notFound();
  const { appUrl } = getConfig();
  // The URL the provider redirected to, as registered (APP_URL), whatever proxies did to the host.
  const callback = new URL(`${appUrl}/auth/callback/${provider.id}${new URL(request.url).search}`);
  const flowToken = await takeProviderFlowCookie();
  const outcome = await unlessUnavailable(completeProviderSignIn(provider, flowToken, callback, await getClientInfo()));
  const { result, next } = 'result' in outcome ? outcome : { result: outcome, next: '/dashboard' };
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
