import { getConfig } from '../config';
import type { Locale } from '../i18n/locales';
import { negotiate } from '../i18n/resolve-locale';
import { type ApiMessage, ERROR_STATUS } from './messages';

// Responses of the JSON API. Nothing here sets Access-Control-* headers: the API is for programs
// and same-origin pages, and a browser on another origin must not read what a token buys.

/** Headers for responses that carry tokens or personal data (RFC 6749 section 5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const response = Response.json(body, { status, headers });
  // Response.json adds a charset; the contract is the bare media type.
  response.headers.set('Content-Type', 'application/json');
  return response;
}

/**
 * The language of error_description: the request's Accept-Language, else DEFAULT_LOCALE. Not the
 * latchkey_lang cookie nor a user's saved language, as pages use: the API is for programs, which
 * send no cookies (./bearer.ts) and say which language they want in the header, per request.
 */
export function apiLocale(request: Request): Locale {
  const { defaultLocale } = getConfig();
  const acceptLanguage = request.headers.get('accept-language');
  return acceptLanguage ? negotiate(acceptLanguage, defaultLocale) : defaultLocale;
}

/** An error (./messages.ts) with its status, described in `locale`; `extra` adds to the body (mfa_token). */
export function errorResponse(
  { error, describe }: ApiMessage,
  locale: Locale,
  headers: Record<string, string> = {},
  extra: Record<string, string> = {},
): Response {
  return json({ error, error_description: describe(locale), ...extra }, ERROR_STATUS[error], { ...NO_STORE, ...headers });
}

/** Answers a CORS preflight (or any OPTIONS) with the allowed methods and no CORS allowance. */
export function options(allow: string[]): Response {
  return new Response(null, { status: 204, headers: { Allow: ['OPTIONS', ...allow].join(', ') } });
}
