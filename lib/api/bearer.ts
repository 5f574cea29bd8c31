import { type ValidSession, validateAccessToken } from '../accounts/sessions';
import { NO_STORE, json } from './http';

// Bearer authentication for API routes (RFC 6750). Only the Authorization header counts: the
// session cookies are ignored, so a page on another site cannot make a browser call the API as
// its user (no CSRF surface), and an API client never depends on cookies.

export type BearerResult = { ok: true; session: ValidSession } | { ok: false; response: Response };

// RFC 6750 section 2.1: "Bearer" (any case), one space, a token68.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** Reads the Authorization header and checks the token and its session in the database. */
export async function authenticateBearer(request: Request): Promise<BearerResult> {
  const header = request.headers.get('authorization');
  if (header === null) return refuse('The request has no access token. Send Authorization: Bearer <access token>.');
  const token = BEARER.exec(header)?.[1];
  if (!token) return refuse('The Authorization header must be Bearer followed by one access token.');
  const session = await validateAccessToken(token);
  return session ? { ok: true, session } : refuse(INVALID_TOKEN);
}

export const INVALID_TOKEN = 'The access token is invalid, expired or revoked.';

function refuse(description: string): BearerResult {
  return { ok: false, response: invalidTokenResponse(description) };
}

/** 401 invalid_token. The description is repeated in WWW-Authenticate, so it must not contain `"` or `\`. */
export function invalidTokenResponse(description: string): Response {
  const challenge = `Bearer realm="latchkey", error="invalid_token", error_description="${description}"`;
  return json({ error: 'invalid_token', error_description: description }, 401, { ...NO_STORE, 'WWW-Authenticate': challenge });
}
