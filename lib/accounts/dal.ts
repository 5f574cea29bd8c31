import 'server-only';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { recentDatabaseHealth } from '../db/health';
import { isDatabaseUnavailable } from '../unavailable';
import { getConfig } from '../config';
import { readSessionCookies } from '../auth/cookies';
import { PATH_HEADER, loginPath } from '../auth/redirect';
import { type ValidSession, validateAccessToken } from './sessions';
import { VERIFY_EMAIL_PATH } from './verification';

// The one place pages, layouts, actions and route handlers ask "who is this?". Middleware's check
// is only a fast first filter; this one reads the database. Cached for the rest of the request.

export const getCurrentSession = cache(async (): Promise<ValidSession | null> => {
  const { accessToken } = await readSessionCookies();
  return accessToken ? validateAccessToken(accessToken) : null;
});

/**
 * For what visitors see too (the header, the sign-in and sign-up pages): while the database does
 * not answer they render without a session instead of failing, and `reachable` says why.
 * Protected pages never get here in that state: middleware answers 503 first.
 */
export async function getSessionIfReachable(): Promise<{ session: ValidSession | null; reachable: boolean }> {
  // A session check may be answered from session-cache.ts even while the database is down; the
  // page then still says neither "signed in" nor "signed out", like middleware's 503 page.
  // Visitors without a session cookie have nothing to check.
  const { accessToken } = await readSessionCookies();
  if (accessToken && (await recentDatabaseHealth()) === 'unreachable') return { session: null, reachable: false };
  try {
    return { session: await getCurrentSession(), reachable: true };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { session: null, reachable: false };
    throw error;
  }
}

/** A signed-in user, and with REQUIRE_EMAIL_VERIFICATION a verified one (else off to /verify-email). */
export async function requireSession(): Promise<ValidSession> {
  const session = await getCurrentSession();
  if (!session) redirect(loginPath((await headers()).get(PATH_HEADER) ?? undefined));
  if (getConfig().requireEmailVerification && !session.user.emailVerified) redirect(VERIFY_EMAIL_PATH);
  return session;
}

export async function requireAdmin(): Promise<ValidSession> {
  const session = await requireSession();
  if (session.user.role !== 'ADMIN') forbidden();
  return session;
}
