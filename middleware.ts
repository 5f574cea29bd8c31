import { type NextRequest, NextResponse } from 'next/server';
import { clientInfoFrom } from './lib/auth/client-info';
import { type CookieWrite, clearedSessionCookies, cookieNames, sessionCookies } from './lib/auth/cookies';
import { isAllowedOrigin } from './lib/auth/origin';
import { PATH_HEADER, loginPath } from './lib/auth/redirect';
import { rotateRefreshToken } from './lib/auth/session';
import { verifyAccessToken } from './lib/auth/tokens';
import { getConfig } from './lib/config';

// Runs before every page. It does three things and trusts no request header for any:
//  0. Cross-site form posts (and Server Action calls) are refused with 403 (lib/auth/origin.ts),
//     and bodies over 256 KB with 413.
//  1. Transparent refresh: an access token that has expired or expires within a minute is
//     replaced using the refresh cookie, before the page renders, so the page sees the new
//     token and the browser gets both new cookies.
//  2. A fast gate for protected pages: no valid access token, no page.
// The data-access layer (lib/auth/dal.ts) still checks the session against the database in
// every page and action.

// Refresh when less than a minute is left, or half the lifetime for tokens shorter than two
// minutes: otherwise every request would rotate them.
const refreshMargin = () => Math.min(60, getConfig().accessTokenTtl / 2);
const PROTECTED = /^\/(dashboard|settings|admin)(\/|$)/;
// Every form here posts a few hundred bytes. Bigger bodies are refused before Next.js reads them
// (it answers a Server Action body over its own 1 MB limit with a 500).
const MAX_BODY_BYTES = 256 * 1024;

export async function middleware(request: NextRequest): Promise<NextResponse> {
  if (!isAllowedOrigin(request, false)) return crossSiteRefused();
  if (bodyTooLarge(request)) return new NextResponse('Refused: the request body is too large.', { status: 413 });
  const names = cookieNames();
  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const isProtected = PROTECTED.test(request.nextUrl.pathname);
  const accessToken = request.cookies.get(names.access)?.value;
  const refreshToken = request.cookies.get(names.refresh)?.value;

  const claims = accessToken ? await verifyAccessToken(accessToken) : null;
  if (claims && claims.expiresAt - Date.now() / 1000 > refreshMargin()) return pass(request, path, []);
  if (!refreshToken) return claims || !isProtected ? pass(request, path, []) : toLogin(path, []);

  const rotation = await rotateRefreshToken(refreshToken, clientInfoFrom(request.headers));
  if (rotation.ok) return pass(request, path, sessionCookies(rotation.tokens));
  // A token about to expire still serves this request; a failed refresh ends the session anyway.
  if (claims) return pass(request, path, []);
  return isProtected ? toLogin(path, clearedSessionCookies()) : pass(request, path, clearedSessionCookies());
}

// The page renders with the request's cookies replaced by the new ones, and the response carries
// them to the browser.
function pass(request: NextRequest, path: string, cookies: CookieWrite[]): NextResponse {
  for (const cookie of cookies) request.cookies.set(cookie.name, cookie.value);
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, path);
  return withCookies(NextResponse.next({ request: { headers } }), cookies);
}

function toLogin(path: string, cookies: CookieWrite[]): NextResponse {
  return withCookies(NextResponse.redirect(new URL(loginPath(path), getConfig().appUrl)), cookies);
}

// A body without a length (chunked) could be of any size: browsers always send the length.
function bodyTooLarge(request: NextRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers.get('content-length');
  return length === null ? request.headers.has('transfer-encoding') : !(Number(length) <= MAX_BODY_BYTES);
}

function crossSiteRefused(): NextResponse {
  const message = `Refused: this request did not come from a page of ${getConfig().appUrl}. If that is where you are, reload the page and try again; if Latchkey runs at another address, set APP_URL to it.`;
  return new NextResponse(message, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

function withCookies(response: NextResponse, cookies: CookieWrite[]): NextResponse {
  for (const cookie of cookies) response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

export const config = {
  // Node.js runtime: refreshing reads and writes the database, in the server's own process.
  runtime: 'nodejs',
  // Not the API: it takes bearer tokens only, never cookies.
  matcher: ['/((?!api/|\\.well-known/|_next/static|_next/image|favicon.ico).*)'],
};
