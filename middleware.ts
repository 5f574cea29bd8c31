import { type NextRequest, NextResponse } from 'next/server';
import { refreshSession } from './lib/accounts/sessions';
import { invalidOriginResponse } from './lib/api/handler';
import { apiLocale } from './lib/api/http';
import type { CookieWrite } from './lib/auth/cookies';
import { recentDatabaseHealth } from './lib/db/health';
import type { ClientInfo } from './lib/request/client-info';
import { getConfig } from './lib/config';
import { type Guarded, guardRequest, isPostedAuthorizationRequest } from './lib/request/guard';
import type { Refresh } from './lib/request/page-access';
import { isUnavailable, unlessUnavailable } from './lib/unavailable';

// Runs before every request but static files. What happens to a request is decided by
// guardRequest (lib/request/guard.ts); this file only carries the decision out.

// Rendered in place of a protected page while the database is down (app/unavailable).
const UNAVAILABLE_PAGE = '/unavailable';
const TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };

export async function middleware(request: NextRequest): Promise<Response> {
  const guarded = await guardRequest(request, { databaseHealth: recentDatabaseHealth, refreshSession: refresh });
  const response =
    guarded.action === 'pass' && isPostedAuthorizationRequest(request)
      ? NextResponse.redirect(new URL(`${request.nextUrl.pathname}?${new URLSearchParams(await request.text())}`, getConfig().appUrl), 303)
      : respond(request, guarded);
  for (const [name, value] of Object.entries(guarded.headers)) response.headers.set(name, value);
  return response;
}

// A refresh that fails because the database did not answer keeps the session's cookies.
async function refresh(refreshToken: string, client: ClientInfo): Promise<Refresh> {
  const rotation = await unlessUnavailable(refreshSession(refreshToken, client));
  return rotation.ok ? rotation : { ok: false, error: isUnavailable(rotation) ? 'unavailable' : 'refused' };
}

function respond(request: NextRequest, guarded: Guarded): Response {
  switch (guarded.action) {
    case 'pass': {
      const response = guarded.forward ? NextResponse.next(forwarded(request, guarded.forward, guarded.cookies)) : NextResponse.next();
      return withCookies(response, guarded.cookies);
    }
    case 'login':
      return withCookies(NextResponse.redirect(guarded.location), guarded.cookies);
    case 'unavailable':
      return NextResponse.rewrite(new URL(UNAVAILABLE_PAGE, request.url), {
        status: 503,
        headers: { 'Retry-After': '5' },
        ...forwarded(request, guarded.forward, []),
      });
    case 'forbidden':
      return guarded.reason === 'invalid_origin' ? invalidOriginResponse(apiLocale(request)) : new Response(guarded.message, { status: 403, headers: TEXT });
    case 'too_large':
      return new Response(guarded.message, { status: 413, headers: TEXT });
  }
}

// The page renders from the request with the new session cookies in place of the old ones.
function forwarded(request: NextRequest, forward: Record<string, string>, cookies: CookieWrite[]) {
  for (const cookie of cookies) request.cookies.set(cookie.name, cookie.value);
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(forward)) headers.set(name, value);
  return { request: { headers } };
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
    '/((?!_next/static/|api/|oauth/userinfo$|\\.well-known/|_next/image$|favicon\\.ico$|dev/outbox/[^/]+/html$).*)',
    { source: '/(api/.*|oauth/userinfo|\\.well-known/.*|_next/image|favicon\\.ico|dev/outbox/[^/]+/html)', has: [{ type: 'header', key: 'origin' }] },
    { source: '/(api/.*|oauth/userinfo|\\.well-known/.*|_next/image|favicon\\.ico|dev/outbox/[^/]+/html)', has: [{ type: 'header', key: 'next-action' }] },
    {
      source: '/(api/.*|oauth/userinfo|\\.well-known/.*|_next/image|favicon\\.ico|dev/outbox/[^/]+/html)',
      has: [{ type: 'header', key: 'content-type', value: 'multipart/form-data.*' }],
    },
  ],
};
