import { isAllowedOrigin } from '../auth/origin';
import { NO_STORE, json } from './http';
import { PasswordQueueFullError } from '../auth/password-pool';
import { isDatabaseUnavailable } from '../db/unavailable';

export const BUSY_DESCRIPTION = 'The server is busy checking passwords. Try again in a few seconds.';

// Every API route handler is wrapped in apiHandler. An unexpected error is logged here, on the
// server, with its stack; the client gets a fixed JSON sentence, never the message or stack,
// which could name tables, hosts or secrets. A browser request from another site is refused
// before the handler runs (lib/auth/origin.ts).

type Handler = (request: Request) => Promise<Response>;

export function apiHandler(handler: Handler): Handler {
  return async (request) => {
    if (!isAllowedOrigin(request, true)) {
      return json({ error: 'invalid_origin', error_description: 'Requests from other sites are refused.' }, 403, NO_STORE);
    }
    try {
      return await handler(request);
    } catch (error) {
      // The password pool's queue is full (lib/auth/password-pool.ts): nothing was done; a second is plenty.
      if (error instanceof PasswordQueueFullError) {
        return json({ error: 'temporarily_unavailable', error_description: BUSY_DESCRIPTION }, 503, { ...NO_STORE, 'Retry-After': '1' });
      }
      const where = `${request.method} ${new URL(request.url).pathname}`;
      if (isDatabaseUnavailable(error)) {
        console.error(`[latchkey] ${where}: database unavailable`, error);
        return json(
          { error: 'temporarily_unavailable', error_description: 'The database is not answering. Try again shortly.' },
          503,
          { ...NO_STORE, 'Retry-After': '5' },
        );
      }
      console.error(`[latchkey] ${where} failed`, error);
      return json({ error: 'server_error', error_description: 'The server hit an unexpected error.' }, 500, NO_STORE);
    }
  };
}
