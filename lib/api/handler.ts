import { isAllowedOrigin } from '../auth/origin';
import { NO_STORE, json } from './http';
import { type Unavailable, unavailableReason } from '../unavailable';

export const BUSY_DESCRIPTION = 'The server is busy checking passwords. Try again in a few seconds.';

// A full password queue clears within a second; a database outage takes longer.
const TRY_AGAIN: Record<Unavailable['error'], { description: string; retryAfter: string }> = {
  unavailable: { description: 'The database is not answering. Try again shortly.', retryAfter: '5' },
  busy: { description: BUSY_DESCRIPTION, retryAfter: '1' },
};

// Every API route handler is wrapped in apiHandler. An unexpected error is logged here, on the
// server, with its stack; the client gets a fixed JSON sentence, never the message or stack,
// which could name tables, hosts or secrets. A browser request from another site is refused
// before the handler runs (lib/auth/origin.ts).

type Handler = (request: Request) => Promise<Response>;

/** 403 invalid_origin: a browser request from another site (middleware refuses it first; see lib/request/guard.ts). */
export function invalidOriginResponse(): Response {
  return json({ error: 'invalid_origin', error_description: 'Requests from other sites are refused.' }, 403, NO_STORE);
}

export function apiHandler(handler: Handler): Handler {
  return async (request) => {
    if (!isAllowedOrigin(request, true)) return invalidOriginResponse();
    try {
      return await handler(request);
    } catch (error) {
      const where = `${request.method} ${new URL(request.url).pathname}`;
      const reason = unavailableReason(error);
      if (reason) {
        if (reason === 'unavailable') console.error(`[latchkey] ${where}: database unavailable`, error);
        const { description, retryAfter } = TRY_AGAIN[reason];
        return json({ error: 'temporarily_unavailable', error_description: description }, 503, { ...NO_STORE, 'Retry-After': retryAfter });
      }
      console.error(`[latchkey] ${where} failed`, error);
      return json({ error: 'server_error', error_description: 'The server hit an unexpected error.' }, 500, NO_STORE);
    }
  };
}
