import { clientInfoFrom } from '@/lib/request/client-info';
import { endSession } from '@/lib/accounts/sessions';
import { apiHandler } from '@/lib/api/handler';
import { options } from '@/lib/api/http';
import { API_MESSAGES } from '@/lib/api/messages';
import { oauthErrorResponse, parseRevokeRequest, revokedResponse } from '@/lib/api/oauth';
import { authenticateClient } from '@/lib/oauth/clients';
import { revokeAppToken } from '@/lib/oauth/revocation';

// RFC 7009 revocation. Latchkey's own clients: a refresh or access token ends its whole session.
// A registered app authenticates (RFC 7009 section 2.1) and ends its own grant. Unknown tokens
// get the same 200, so the endpoint cannot be used to test whether a token is valid.
export const POST = apiHandler(async (request, locale) => {
  const parsed = await parseRevokeRequest(request);
  if (!parsed.ok) return oauthErrorResponse(parsed.error, locale);
  const { token, client } = parsed.value;
  if (client) {
    const authenticated = await authenticateClient(client);
    if (!authenticated.ok) return oauthErrorResponse(API_MESSAGES.client_auth_failed, locale);
    await revokeAppToken(token, authenticated.client);
  } else {
    await endSession({ accessToken: token, refreshToken: token }, clientInfoFrom(request.headers));
  }
  return revokedResponse();
});

export const OPTIONS = apiHandler(async () => options(['POST']));
