import 'server-only';
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { enterRequest, getLogger } from '../log';
import { getMetrics, type RouteKind } from '../metrics/registry';

// Every HTTP request the server process answers, seen in one place: Node's own HTTP server
// publishes each request's start on a diagnostics channel, under `next start` and the standalone
// server.js alike, before Next.js sees it. Here it gets its request id, and when its response
// closes, one log line and one observation of the duration histogram.
//
// What is logged of a request is chosen field by field: the path without its query string (a query
// can carry a reset or verification token, or a provider's code), never headers or bodies.

// An id from a proxy in front is kept when it looks like one, so the proxy's log and ours agree;
// anything else (too long, spaces, quotes, control characters) is replaced.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:+/=-]{1,128}$/;
const MAX_ROUTE_LENGTH = 512;

const globalRequests = globalThis as typeof globalThis & { __latchkeyRequestsObserved?: boolean };

/** Subscribes once per process (instrumentation.ts). */
export function observeRequests(): void {
  if (globalRequests.__latchkeyRequestsObserved) return;
  globalRequests.__latchkeyRequestsObserved = true;
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    observeRequest(request, response);
  });
}

function observeRequest(request: IncomingMessage, response: ServerResponse): void {
  const started = performance.now();
  const incoming = request.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  // Set before Next.js writes anything, so every response carries it, errors included.
  response.setHeader('X-Request-Id', requestId);
  // The channel is published synchronously just before the server hands the request to Next.js,
  // so what runs for this request inherits the id.
  enterRequest(requestId);
  // 'close' rather than 'finish': a request the client gave up on is logged too.
  response.once('close', () => {
    const seconds = (performance.now() - started) / 1000;
    const method = request.method ?? 'GET';
    const route = routeOf(request.url ?? '/');
    const kind = routeKind(method, route, request.headers);
    getMetrics().requestDuration.observe({ kind }, seconds);
    getLogger().info(
      {
        requestId,
        method,
        route,
        status: response.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
        kind,
        ...(response.writableFinished ? {} : { aborted: true }),
      },
      'request',
    );
  });
}

/** The path of a request target, without its query string. */
export function routeOf(target: string): string {
  return target.split('?', 1)[0]!.slice(0, MAX_ROUTE_LENGTH);
}

/** What answers the request: a page, a Server Action, the API (and OAuth, key set), or a build file. */
export function routeKind(method: string, route: string, headers: IncomingHttpHeaders): RouteKind {
  if (route.startsWith('/_next/') || route === '/favicon.ico') return 'static';
  if (method === 'POST' && headers['next-action'] !== undefined) return 'action';
  if (/^\/(api|oauth|\.well-known)(\/|$)/.test(route)) return 'api';
  return 'page';
}
