import type { NextRequest } from 'next/server';
import { type CookieWrite, clearedSessionCookies, cookieNames, sessionCookies } from '../auth/cookies';
import { loginPath } from '../auth/redirect';
import type { SessionTokens } from '../auth/session-tokens';
import { verifyAccessToken } from '../auth/tokens';
import { getConfig } from '../config';
import type { DatabaseHealth } from '../db/health';
import { type ClientInfo, clientInfoFrom } from './client-info';

// Who may see a page, decided before it renders and trusting no request header:
//  1. Transparent refresh: an access token that has expired or expires within a minute is
//     replaced using the refresh cookie, before the page renders, so the page sees the new
//     token and the browser gets both new cookies.
//  2. A fast gate for protected pages: no valid access token, no page.
// The data-access layer (lib/accounts/dal.ts) still checks the session against the database in
// every page and action. While the database does not answer, protected pages get a 503 page
// and the session cookies are kept: the session works again when the database is back.

/** What the guard needs from rotating a refresh token (lib/accounts/sessions.ts, wired in middleware.ts). */
export type Refresh = { ok: true; tokens: SessionTokens } | { ok: false; error: 'refused' | 'unavailable' };

/** What a page's access depends on besides the request, passed in by middleware.ts. */
export type PageServices = {
  /** The database's health as of at most a second ago (lib/db/health.ts). */
  databaseHealth: () => Promise<DatabaseHealth>;
  refreshSession: (refreshToken: string, client: ClientInfo) => Promise<Refresh>;
};

export type PageAccess =
  // Render the page, with these cookies in place of the request's and set on the response.
  | { action: 'pass'; cookies: CookieWrite[] }
  | { action: 'login'; location: URL; cookies: CookieWrite[] }
  // A protected page while the database does not answer: the 503 page instead.
  | { action: 'unavailable' };

export type PageRequest = Pick<NextRequest, 'headers' | 'nextUrl' | 'cookies'>;

const PROTECTED = /^\/(dashboard|settings|admin)(\/|$)/;

// Refresh when less than a minute is left, or half the lifetime for tokens shorter than two
// minutes: otherwise every request would rotate them.
const refreshMargin = () => Math.min(60, getConfig().accessTokenTtl / 2);

const UNAVAILABLE: PageAccess = { action: 'unavailable' };

export function isProtectedPage(pathname: string): boolean {
  return PROTECTED.test(pathname);
}

export async function decidePageAccess(request: PageRequest, services: PageServices): Promise<PageAccess> {
  const names = cookieNames();
  const isProtected = isProtectedPage(request.nextUrl.pathname);
  const accessToken = request.cookies.get(names.access)?.value;
  const refreshToken = request.cookies.get(names.refresh)?.value;
  if (isProtected && (await services.databaseHealth()) === 'unreachable') return UNAVAILABLE;

  const claims = accessToken ? await verifyAccessToken(accessToken) : null;
  if (claims && claims.expiresAt - Date.now() / 1000 > refreshMargin()) return pass([]);
  if (!refreshToken) return claims || !isProtected ? pass([]) : toLogin(request, []);

  const refresh = await services.refreshSession(refreshToken, clientInfoFrom(request.headers));
  if (refresh.ok) return pass(sessionCookies(refresh.tokens));
  if (refresh.error === 'unavailable') return isProtected ? UNAVAILABLE : pass([]);
  // A token about to expire still serves this request; a failed refresh ends the session anyway.
  if (claims) return pass([]);
  return isProtected ? toLogin(request, clearedSessionCookies()) : pass(clearedSessionCookies());
}

function pass(cookies: CookieWrite[]): PageAccess {
  return { action: 'pass', cookies };
}

function toLogin(request: PageRequest, cookies: CookieWrite[]): PageAccess {
  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  return { action: 'login', location: new URL(loginPath(path), getConfig().appUrl), cookies };
}
