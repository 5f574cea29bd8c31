import { clientInfoFrom } from '@/lib/request/client-info';
import { exchangeGrant } from '@/lib/api/grants';
import { apiHandler } from '@/lib/api/handler';
import { options } from '@/lib/api/http';
import { appTokenResponse, oauthErrorResponse, parseTokenRequest, tokenResponse } from '@/lib/api/oauth';

// RFC 6749 token endpoint: password, mfa_otp and refresh_token grants for Latchkey's own public
// clients; authorization_code and refresh_token for registered apps (lib/oauth/).
export const POST = apiHandler(async (request, locale) => {
  const parsed = await parseTokenRequest(request);
  if (!parsed.ok) return oauthErrorResponse(parsed.error, locale);
  const result = await exchangeGrant(parsed.value, clientInfoFrom(request.headers));
  if (!result.ok) return oauthErrorResponse(result.error, locale);
  return 'appTokens' in result ? appTokenResponse(result.appTokens) : tokenResponse(result.tokens);
});

export const OPTIONS = apiHandler(async () => options(['POST']));
