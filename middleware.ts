import { type NextRequest, NextResponse } from 'next/server';
import { clientInfoFrom } from './lib/request/client-info';
import { type CookieWrite, clearedSessionCookies, cookieNames, sessionCookies } from './lib/auth/cookies';
import { PATH_HEADER, loginPath } from './lib/auth/redirect';
import { refreshSession } from './lib/accounts/sessions';
import { verifyAccessToken } from './lib/auth/tokens';
import { getConfig } from './lib/config';
import { recentDatabaseHealth } from './lib/db/health';
import { unlessUnavailable } from './lib/unavailable';
import { pathKind, refuseRequest } from './lib/request/guard';
import { CSP_HEADER, contentSecurityPolicy, createNonce, pageSecurityHeaders } from './lib/security-headers';

// Runs before every request but static files. Whatever the path, cross-site posts are refused with
// 403, bodies over 256 KB with 413, and Server Actions posted anywhere but a page with 403
// (lib/request/guard.ts); the API and other resources then go on untouched. For pages it sends
// the security headers (lib/security-headers.ts), and does two things that trust no request header:
//  1. Transparent refresh: an access token that has expired or expires within a minute is
//     replaced using the refresh cookie, before the page renders, so the page sees the new
//     token and the browser gets both new cookies.
//  2. A fast gate for protected pages: no valid access token, no page.
// The data-access layer (lib/accounts/dal.ts) still checks the session against the database in
// every page and action. While the database does not answer, protected pages get a 503 page
// and the session cookies are kept: the session works again when the database is back.

// Refresh when less than a minute is left, or half the lifetime for tokens shorter than two
// minutes: otherwise every request would rotate them.
const refreshMargin = () => Math.min(60, getConfig().accessTokenTtl / 2);
const PROTECTED = /^\/(dashboard|settings|admin)(\/|$)/;
// Rendered in place of a protected page while the database is down (app/unavailable).
const UNAVAILABLE_PAGE = '/unavailable';

export async function middleware(request: NextRequest): Promise<Response> {
  const kind = pathKind(request.nextUrl.pathname);
  const refusal = refuseRequest(request, kind);
  if (kind !== 'page') return refusal ?? NextResponse.next();
  const https = getConfig().secureCookies;
  const policy = contentSecurityPolicy({ nonce: createNonce(), https, development: process.env.NODE_ENV === 'development' });
  // Next.js reads the nonce from the request's policy and stamps it on the scripts it renders.
  request.headers.set(CSP_HEADER, policy);
  const response = refusal ?? (await route(request));
  const noStore = PROTECTED.test(request.nextUrl.pathname) || response.headers.has('set-cookie');
  for (const [name, value] of Object.entries(pageSecurityHeaders({ policy, https, noStore, pathname: request.nextUrl.pathname }))) response.headers.set(name, value);
  return response;
}

async function route(request: NextRequest): Promise<NextResponse> {
  const names = cookieNames();
  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const isProtected = PROTECTED.test(request.nextUrl.pathname);
  const accessToken = request.cookies.get(names.access)?.value;
  const refreshToken = request.cookies.get(names.refresh)?.value;
  if (isProtected && (await recentDatabaseHealth()) === 'unreachable') return unavailable(request, path);

  const claims = accessToken ? await verifyAccessToken(accessToken) : null;
  if (claims && claims.expiresAt - Date.now() / 1000 > refreshMargin()) return pass(request, path, []);
  if (!refreshToken) return claims || !isProtected ? pass(request, path, []) : toLogin(path, []);

  const rotation = await unlessUnavailable(refreshSession(refreshToken, clientInfoFrom(request.headers)));
  if (rotation.ok) return pass(request, path, sessionCookies(rotation.tokens));
  if ('error' in rotation) return isProtected ? unavailable(request, path) : pass(request, path, []);
  // A token about to expire still serves this request; a failed refresh ends the session anyway.
  if (claims) return pass(request, path, []);
  return isProtected ? toLogin(path, clearedSessionCookies()) : pass(request, path, clearedSessionCookies());
}

// The page renders with the request's cookies replaced by the new ones, and the response carries
// them to the browser.
function pass(request: NextRequest, path: string, cookies: CookieWrite[]): NextResponse {
  for (const cookie of cookies) request.cookies.set(cookie.name, cookie.value);
  return withCookies(NextResponse.next({ request: { headers: forwardedHeaders(request, path) } }), cookies);
}

function unavailable(request: NextRequest, path: string): NextResponse {
  return NextResponse.rewrite(new URL(UNAVAILABLE_PAGE, request.url), {
    status: 503,
    headers: { 'Retry-After': '5' },
    request: { headers: forwardedHeaders(request, path) },
  });
}

function forwardedHeaders(request: NextRequest, path: string): Headers {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, path);
  return headers;
}

function toLogin(path: string, cookies: CookieWrite[]): NextResponse {
  return withCookies(NextResponse.redirect(new URL(loginPath(path), getConfig().appUrl)), cookies);
}

function withCookies(response: NextResponse, cookies: CookieWrite[]): NextResponse {
  for (const cookie of cookies) response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

export const config = {
  // Node.js runtime: refreshing reads and writes the database, in the server's own process.
  runtime: 'nodejs',
  // Pages: every path but static files and the paths of lib/request/guard.ts's other kinds.
  // Next.js answers /_next/static/ from the build's files and never renders a page there (it cannot
  // run a Server Action), and it is the path of every script and style: middleware never runs there.
  // The API and other resources: only for a request that could be a browser's from another site
  // (it has an Origin) or a Server Action (what Next.js dispatches as one: a Next-Action header, or
  // a multipart form). A program's API call, or a GET of the key set, has none and skips middleware.
  matcher: [
    '/((?!_next/static/|api/|\\.well-known/|_next/image$|favicon\\.ico$|dev/outbox/[^/]+/html$).*)',
    { source: '/(api/.*|\\.well-known/.*|_next/image|favicon\\.ico|dev/outbox/[^/]+/html)', has: [{ type: 'header', key: 'origin' }] },
    { source: '/(api/.*|\\.well-known/.*|_next/image|favicon\\.ico|dev/outbox/[^/]+/html)', has: [{ type: 'header', key: 'next-action' }] },
    {
      source: '/(api/.*|\\.well-known/.*|_next/image|favicon\\.ico|dev/outbox/[^/]+/html)',
      has: [{ type: 'header', key: 'content-type', value: 'multipart/form-data.*' }],
    },
  ],
};
