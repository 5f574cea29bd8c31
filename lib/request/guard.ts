import { invalidOriginResponse } from '../api/handler';
import { isAllowedOrigin } from '../auth/origin';
import { getConfig } from '../config';

// The checks every request passes before Next.js routes it, whatever its path (middleware.ts).
// They cannot be left to the pages: Next.js runs a Server Action on any path it renders a page
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

const API = /^\/api\//;
const RESOURCES = /^\/(?:\.well-known\/|favicon\.ico$|_next\/image$|dev\/outbox\/[^/]+\/html$)/;

// Every form here posts a few hundred bytes. Bigger bodies are refused before Next.js reads them
// (it answers a Server Action body over its own 1 MB limit with a 500). The API reads its bodies
// itself, with a bound of its own (lib/api/params.ts).
export const MAX_BODY_BYTES = 256 * 1024;

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };

export function pathKind(pathname: string): PathKind {
  if (API.test(pathname)) return 'api';
  return RESOURCES.test(pathname) ? 'resource' : 'page';
}

/** The answer to a request that must go no further, or null to let it through. */
export function refuseRequest(request: { method: string; headers: Headers }, kind: PathKind): Response | null {
  // Programs call the API without an Origin; a browser's cross-site request always sends one.
  if (!isAllowedOrigin(request, kind === 'api')) return kind === 'api' ? invalidOriginResponse() : crossSiteRefused();
  if (kind !== 'api' && bodyTooLarge(request)) return new Response('Refused: the request body is too large.', { status: 413, headers: TEXT });
  if (kind !== 'page' && looksLikeServerAction(request.headers)) {
    return new Response('Refused: Server Actions are posted to pages only.', { status: 403, headers: TEXT });
  }
  return null;
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

function crossSiteRefused(): Response {
  const message = `Refused: this request did not come from a page of ${getConfig().appUrl}. If that is where you are, reload the page and try again; if Latchkey runs at another address, set APP_URL to it.`;
  return new Response(message, { status: 403, headers: TEXT });
}
