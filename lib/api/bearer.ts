import { type ValidSession, validateAccessToken } from '../accounts/sessions';
import type { Locale } from '../i18n/locales';
import { errorResponse } from './http';
import { type ApiMessage, API_MESSAGES } from './messages';

// Bearer authentication for API routes (RFC 6750). Only the Authorization header counts: the
// session cookies are ignored, so a page on another site cannot make a browser call the API as
// its user (no CSRF surface), and an API client never depends on cookies.

export type BearerResult = { ok: true; session: ValidSession } | { ok: false; response: Response };

// RFC 6750 section 2.1: "Bearer" (any case), one space, a token68.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** Reads the Authorization header and checks the token and its session in the database; refusals are said in `locale`. */
export async function authenticateBearer(request: Request, locale: Locale): Promise<BearerResult> {
  const bearer = readBearer(request, locale);
  if (!bearer.ok) return bearer;
  const session = await validateAccessToken(bearer.token);
  return session ? { ok: true, session } : refuse(API_MESSAGES.invalid_token, locale);
}

/** The token of the Authorization header, or the 401 for a missing or malformed one. */
export function readBearer(request: Request, locale: Locale): { ok: true; token: string } | { ok: false; response: Response } {
  const header = request.headers.get('authorization');
  if (header === null) return refuse(API_MESSAGES.no_access_token, locale);
  const token = BEARER.exec(header)?.[1];
  return token ? { ok: true, token } : refuse(API_MESSAGES.malformed_authorization, locale);
}

function refuse(message: ApiMessage, locale: Locale): { ok: false; response: Response } {
  return { ok: false, response: invalidTokenResponse(locale, message) };
}

/** 401 invalid_token, with the description repeated in WWW-Authenticate. */
export function invalidTokenResponse(locale: Locale, message: ApiMessage = API_MESSAGES.invalid_token): Response {
  const challenge = `Bearer realm="latchkey", error="invalid_token", error_description="${challengeText(message.describe(locale))}"`;
  return errorResponse(message, locale, { 'WWW-Authenticate': challenge });
}

// RFC 6750 section 3: error_description is printable ASCII without `"` and `\`. English is already;
// other languages are spelled in it the way their readers would (ä as ae, „x“ as 'x', é as e).
const SPELLED_OUT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

export function challengeText(text: string): string {
  return text
    .replace(/[äöüÄÖÜß]/g, (letter) => SPELLED_OUT[letter]!)
    .replace(/["\\„“”«»‚‘’]/g, "'")
    .normalize('NFD')
    .replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '');
}
