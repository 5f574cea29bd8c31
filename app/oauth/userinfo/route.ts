import { invalidTokenResponse, readBearer } from '@/lib/api/bearer';
import { apiHandler } from '@/lib/api/handler';
import { NO_STORE, json, options } from '@/lib/api/http';
import { userInfo } from '@/lib/oauth/userinfo';

// OpenID Connect Core 1.0 section 5.3: GET or POST with an app's access token (Authorization: Bearer).
const handler = apiHandler(async (request, locale) => {
  const bearer = readBearer(request, locale);
  if (!bearer.ok) return bearer.response;
  const claims = await userInfo(bearer.token);
  return claims ? json(claims, 200, NO_STORE) : invalidTokenResponse(locale);
});

export const GET = handler;
export const POST = handler;
export const OPTIONS = apiHandler(async () => options(['GET', 'POST']));
