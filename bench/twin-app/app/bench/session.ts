import 'server-only';
import { headers } from 'next/headers';
import { getSessionIfReachable as sessionOfRequest } from '@/lib/accounts/dal';
import type { ValidSession } from '@/lib/accounts/sessions';
import { PATH_HEADER } from '@/lib/auth/redirect';

// Only in the benchmark's own build (bench/twin.ts), where the root layout imports the DAL from
// here. Figure 1 compares /dashboard signed in with its twin /bench/dashboard, the same page with no
// session check; for the two to render the same markup, the twin's header shows a fixed placeholder
// user, as if signed in. It is never a session: nothing checks it, and it opens nothing.

export * from '@/lib/accounts/dal';

export const TWIN_PATH = '/bench/dashboard';

export const PLACEHOLDER: ValidSession = {
  sessionId: '00000000-0000-0000-0000-000000000000',
  user: { id: '00000000-0000-0000-0000-000000000000', email: 'bench@example.invalid', role: 'USER', emailVerified: true, locale: null },
};

/** The placeholder on the twin's path (set by middleware, which overwrites a client's), else the DAL's answer. */
export async function getSessionIfReachable(): ReturnType<typeof sessionOfRequest> {
  if ((await headers()).get(PATH_HEADER) === TWIN_PATH) return { session: PLACEHOLDER, reachable: true };
  return sessionOfRequest();
}
