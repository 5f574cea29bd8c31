import { isAllowedOrigin } from '../auth/origin';
import { getLogger } from '../log';
import type { Locale } from '../i18n/locales';
import { apiLocale, errorResponse } from './http';
import { type ApiMessage, API_MESSAGES } from './messages';
import { type Unavailable, unavailableReason } from '../unavailable';

// A full password queue clears within a second; a database outage takes longer.
const TRY_AGAIN: Record<Unavailable['error'], { message: ApiMessage; retryAfter: string }> = {
  unavailable: { message: API_MESSAGES.database_unavailable, retryAfter: '5' },
  busy: { message: API_MESSAGES.busy, retryAfter: '1' },
};

// Every API route handler is wrapped in apiHandler. An unexpected error is logged here, on the
// server, with its stack; the client gets a fixed JSON sentence, never the message or stack,
// which could name tables, hosts or secrets. A browser request from another site is refused
// before the handler runs (lib/auth/origin.ts). The handler is given the language its errors are
// described in: the request's Accept-Language (apiLocale, ./http.ts).

type Handler = (request: Request, locale: Locale) => Promise<Response>;

/** 403 invalid_origin: a browser request from another site (middleware refuses it first; see lib/request/guard.ts). */
export function invalidOriginResponse(locale: Locale): Response {
  return errorResponse(API_MESSAGES.invalid_origin, locale);
}

export function apiHandler(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    const locale = apiLocale(request);
    if (!isAllowedOrigin(request, true)) return invalidOriginResponse(locale);
    try {
      return await handler(request, locale);
    } catch (error) {
      const where = { method: request.method, route: new URL(request.url).pathname };
      const reason = unavailableReason(error);
      if (reason) {
        if (reason === 'unavailable') getLogger().error({ ...where, err: error }, 'database unavailable');
        const { message, retryAfter } = TRY_AGAIN[reason];
        return errorResponse(message, locale, { 'Retry-After': retryAfter });
      }
      getLogger().error({ ...where, err: error }, 'request failed');
      return errorResponse(API_MESSAGES.server_error, locale);
    }
  };
}
