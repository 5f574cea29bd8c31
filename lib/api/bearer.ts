import { type ValidSession, validateAccessToken } from '../accounts/sessions';
import { errorResponse } from './http';
import { type ApiMessage, API_MESSAGES } from './messages';

// Bearer authentication for API routes (RFC 6750). Only the Authorization header counts: the
// session cookies are ignored, so a page on another site cannot make a browser call the API as
// its user (no CSRF surface), and an API client never depends on cookies.

export type BearerResult = { ok: true; session: ValidSession } | { ok: false; response: Response };

// RFC 6750 section 2.1: "Bearer" (any case), one space, a token68.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** Reads the Authorization header and checks the token and its session in the database. */
export async function authenticateBearer(request: Request): Promise<BearerResult> {
  const header = request.headers.get('authorization');
  if (header === null) return refuse(API_MESSAGES.no_access_token);
  const token = BEARER.exec(header)?.[1];
  if (!token) return refuse(API_MESSAGES.malformed_authorization);
  const session = await validateAccessToken(token);
  return session ? { ok: true, session } : refuse(API_MESSAGES.invalid_token);
}

function refuse(message: ApiMessage): BearerResult {
  return { ok: false, response: invalidTokenResponse(message) };
}

/** 401 invalid_token. The description is repeated in WWW-Authenticate, so it must not contain `"` or `\`. */
export function invalidTokenResponse(message: ApiMessage = API_MESSAGES.invalid_token): Response {
  const challenge = `Bearer realm="latchkey", error="invalid_token", error_description="${message.description}"`;
  return errorResponse(message, { 'WWW-Authenticate': challenge });
}
