import { clientInfoFrom } from '@/lib/request/client-info';
import { exchangeGrant } from '@/lib/api/grants';
import { apiHandler } from '@/lib/api/handler';
import { options } from '@/lib/api/http';
import { oauthErrorResponse, parseTokenRequest, tokenResponse } from '@/lib/api/oauth';

// RFC 6749 token endpoint: password and refresh_token grants for public clients.
export const POST = apiHandler(async (request, locale) => {
  const parsed = await parseTokenRequest(request);
  if (!parsed.ok) return oauthErrorResponse(parsed.error, locale);
  const result = await exchangeGrant(parsed.value, clientInfoFrom(request.headers));
  return result.ok ? tokenResponse(result.tokens) : oauthErrorResponse(result.error, locale);
});

export const OPTIONS = apiHandler(async () => options(['POST']));
