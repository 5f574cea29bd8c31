import type { NextRequest } from 'next/server';
import { PATH_HEADER } from '../auth/redirect';
import { isAllowedOrigin } from '../auth/origin';
import { getConfig } from '../config';
import { LOCALE_COOKIE } from '../i18n/locales';
import { resolveLocale } from '../i18n/resolve-locale';
import { translator } from '../i18n/translator';
import { CSP_HEADER, contentSecurityPolicy, createNonce, pageSecurityHeaders } from '../security-headers';
import { type PageAccess, type PageServices, decidePageAccess, isProtectedPage } from './page-access';

// What middleware.ts does with a request, decided here and carried out there.
// Whatever the path, cross-site posts are refused with 403, bodies over 256 KB with 413, and
// Server Actions posted anywhere but a page with 403; the API and other resources then go on
// untouched. Pages get the security headers (lib/security-headers.ts) and their access decided
// (./page-access.ts: transparent refresh, the protected-page gate, the 503 page while the
// database is down).
//
// The refusals cannot be left to the pages: Next.js runs a Server Action on any path it renders a page
// for, its not-found page included, which carries the header's sign-out action. So an action
// posted to /favicon.ico or /api/nope runs there, and Next.js's own check only compares Origin
// with Host or X-Forwarded-Host (which a rebinding DNS name or a proxy can make agree), and lets
// a request without Origin through.

/**
 * What a path serves: a page (security headers, transparent refresh), the JSON API (bearer tokens,
 * its own headers and errors), or another resource that sends its own headers (the favicon,
 * /.well-known, image optimisation, a dev-outbox mail's HTML, whose sandbox policy a page policy
 * would replace).
 */
export type PathKind = 'page' | 'api' | 'resource';

// The JSON API, and the OpenID Connect UserInfo endpoint, which programs call with a bearer token.
const API = /^\/(?:api\/|oauth\/userinfo$)/;
// Pages other sites' forms may post to (OpenID Connect Core 3.1.2.1, RP-Initiated Logout 1.0
// section 2: an app may send its sign-in or sign-out request as a POST). An urlencoded form from
// another origin is let through to them; a Server Action from another origin still is not.
const OPEN_TO_APPS = /^\/oauth\/(?:authorize|end-session)$/;
const AUTHORIZE_PATH = '/oauth/authorize';
const RESOURCES = /^\/(?:\.well-known\/|favicon\.ico$|_next\/image$|dev\/outbox\/[^/]+\/html$)/;

// Every form here posts a few hundred bytes. Bigger bodies are refused before Next.js reads them
// (it answers a Server Action body over its own 1 MB limit with a 500). The API reads its bodies
// itself, with a bound of its own (lib/api/params.ts).
export const MAX_BODY_BYTES = 256 * 1024;

export type Refusal =
  // A browser page of another site called the API: the API's own 403 invalid_origin (lib/api).
  | { action: 'forbidden'; reason: 'invalid_origin' }
  // 403 and 413 with a plain-text sentence.
  | { action: 'forbidden'; reason: 'cross_site' | 'server_action'; message: string }
  | { action: 'too_large'; message: string };

/**
 * What middleware does with a request. `forward`: headers to add to the request a page renders
 * from (its policy, whose nonce Next.js stamps on its scripts, and its path). `headers`: headers to
 * set on the response (a page's security headers).
 */
export type Guarded =
  // The API and other resources: refused, or on untouched.
  | ((Refusal | { action: 'pass'; cookies: [] }) & { forward: null; headers: Record<string, never> })
  | ((Refusal | PageAccess) & { forward: Record<string, string>; headers: Record<string, string> });

export type GuardedRequest = Pick<NextRequest, 'method' | 'headers' | 'nextUrl' | 'cookies'>;

export async function guardRequest(request: GuardedRequest, services: PageServices): Promise<Guarded> {
  const { pathname, search } = request.nextUrl;
  const kind = pathKind(pathname);
  const refusal = refuseRequest(request, kind, { formsFromApps: OPEN_TO_APPS.test(pathname) });
  if (kind !== 'page') return { ...(refusal ?? { action: 'pass', cookies: [] }), forward: null, headers: {} };
  const { secureCookies: https, providers } = getConfig();
  const formTargets = providers.map((provider) => new URL(provider.issuer).origin);
  const policy = contentSecurityPolicy({ nonce: createNonce(), https, development: process.env.NODE_ENV === 'development', formTargets });
  const decision = refusal ?? (await decidePageAccess(request, services));
  const noStore = isProtectedPage(pathname) || ('cookies' in decision && decision.cookies.length > 0);
  return {
    ...decision,
    forward: { [CSP_HEADER]: policy, [PATH_HEADER]: `${pathname}${search}` },
    headers: pageSecurityHeaders({ policy, https, noStore, pathname }),
  };
}

export function pathKind(pathname: string): PathKind {
  if (API.test(pathname)) return 'api';
  return RESOURCES.test(pathname) ? 'resource' : 'page';
}

/**
 * An app's sign-in request posted as a form: the authorization page reads its request from the
 * query, so middleware answers 303 to the same request as a GET.
 */
export function isPostedAuthorizationRequest(request: { method: string; headers: Headers; nextUrl: { pathname: string } }): boolean {
  return request.method === 'POST' && request.nextUrl.pathname === AUTHORIZE_PATH && isUrlencoded(request.headers);
}

const isUrlencoded = (headers: Headers) => /^application\/x-www-form-urlencoded/i.test(headers.get('content-type') ?? '');

/** Why a request must go no further, or null to let it through. */
export function refuseRequest(
  request: { method: string; headers: Headers },
  kind: PathKind,
  { formsFromApps = false }: { formsFromApps?: boolean } = {},
): Refusal | null {
  const formFromApp = formsFromApps && isUrlencoded(request.headers) && !looksLikeServerAction(request.headers);
  // Programs call the API without an Origin; a browser's cross-site request always sends one.
  if (!formFromApp && !isAllowedOrigin(request, kind === 'api')) {
    if (kind === 'api') return { action: 'forbidden', reason: 'invalid_origin' };
    const message = refusalTranslator(request.headers)('errors.refused.crossSite', { appUrl: getConfig().appUrl });
    return { action: 'forbidden', reason: 'cross_site', message };
  }
  if (kind !== 'api' && bodyTooLarge(request)) return { action: 'too_large', message: refusalTranslator(request.headers)('errors.refused.tooLarge') };
  if (kind !== 'page' && looksLikeServerAction(request.headers)) {
    return { action: 'forbidden', reason: 'server_action', message: refusalTranslator(request.headers)('errors.refused.serverAction') };
  }
  return null;
}

/**
 * A refusal is said in the language the request asks for: the switcher's cookie, else
 * Accept-Language, else DEFAULT_LOCALE. Not a signed-in user's saved choice: middleware reads no
 * database to say no. Only refused requests pay for it.
 */
function refusalTranslator(headers: Headers) {
  const cookie = headers
    .get('cookie')
    ?.split(';')
    .map((entry) => entry.trim())
    .find((entry) => entry.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  const acceptLanguage = headers.get('accept-language');
  return translator(resolveLocale({ saved: null, cookie, acceptLanguage, fallback: getConfig().defaultLocale }));
}

/**
 * What Next.js takes for a Server Action: a Next-Action header (its client's calls) or a
 * multipart form (a form posted without JavaScript). The API takes neither: its bodies are
 * urlencoded or JSON.
 */
function looksLikeServerAction(headers: Headers): boolean {
  return headers.has('next-action') || /^multipart\/form-data/i.test(headers.get('content-type') ?? '');
}

// A body without a length (chunked) could be of any size: browsers always send the length.
function bodyTooLarge(request: { method: string; headers: Headers }): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers.get('content-length');
  return length === null ? request.headers.has('transfer-encoding') : !(Number(length) <= MAX_BODY_BYTES);
}
