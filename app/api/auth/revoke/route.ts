import { clientInfoFrom } from '@/lib/request/client-info';
import { endSession } from '@/lib/accounts/sessions';
import { apiHandler } from '@/lib/api/handler';
import { options } from '@/lib/api/http';
import { oauthErrorResponse, parseRevokeRequest, revokedResponse } from '@/lib/api/oauth';

// RFC 7009 revocation: a refresh or access token ends its whole session. Unknown tokens get the
// same 200, so the endpoint cannot be used to test whether a token is valid.
export const POST = apiHandler(async (request, locale) => {
  const parsed = await parseRevokeRequest(request);
  if (!parsed.ok) return oauthErrorResponse(parsed.error, locale);
  await endSession({ accessToken: parsed.value, refreshToken: parsed.value }, clientInfoFrom(request.headers));
  return revokedResponse();
});

export const OPTIONS = apiHandler(async () => options(['POST']));
