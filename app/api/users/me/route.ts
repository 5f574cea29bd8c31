import { authenticateBearer, invalidTokenResponse } from '@/lib/api/bearer';
import { apiHandler } from '@/lib/api/handler';
import { NO_STORE, json } from '@/lib/api/http';
import { getUserProfile } from '@/lib/api/profile';

// The signed-in user, for a bearer access token. Cookies are not read here (see lib/api/bearer.ts).
export const GET = apiHandler(async (request, locale) => {
  const auth = await authenticateBearer(request, locale);
  if (!auth.ok) return auth.response;
  const profile = await getUserProfile(auth.session.user.id);
  // The session was live a moment ago; a user deleted since then is signed out like any other.
  return profile ? json(profile, 200, NO_STORE) : invalidTokenResponse(locale);
});
