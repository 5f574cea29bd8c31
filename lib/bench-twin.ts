import 'server-only';
import { headers } from 'next/headers';
import type { ValidSession } from './accounts/sessions';
import { PATH_HEADER } from './auth/redirect';
import { getConfig } from './config';

// npm run bench, figure 1, compares /dashboard signed in with /bench/dashboard: the same page with
// no session check, so the difference in requests per second is what authentication costs. For
// the two to render the same markup, the twin's header shows a fixed placeholder user, as if
// signed in. Only with LATCHKEY_BENCH=1 and only on that path (named by middleware, which
// overwrites any such header a client sends); it is never a session: nothing checks it, and it
// opens nothing.

export const BENCH_TWIN_PATH = '/bench/dashboard';

export const BENCH_PLACEHOLDER: ValidSession = {
  sessionId: '00000000-0000-0000-0000-000000000000',
  user: { id: '00000000-0000-0000-0000-000000000000', email: 'bench@example.invalid', role: 'USER', emailVerified: true },
};

/** The placeholder for the twin's header, or null for every other request. */
export async function benchTwinHeader(): Promise<{ session: ValidSession; reachable: true } | null> {
  if (!getConfig().benchRoutes || (await headers()).get(PATH_HEADER) !== BENCH_TWIN_PATH) return null;
  return { session: BENCH_PLACEHOLDER, reachable: true };
}
