import { describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES, pathKind, refuseRequest } from './guard';

// test/support/env.ts sets APP_URL=http://localhost:3000.
const APP = 'http://localhost:3000';
const EVIL = 'https://evil.example';

type HeaderLines = Record<string, string>;

function request(method: string, headers: HeaderLines = {}) {
  return { method, headers: new Headers(headers) };
}

async function refusal(kind: ReturnType<typeof pathKind>, method: string, headers: HeaderLines = {}) {
  const response = refuseRequest(request(method, headers), kind);
  return response && { status: response.status, body: await response.text() };
}

describe('pathKind', () => {
  test.each([
    ['/', 'page'],
    ['/login', 'page'],
    ['/dashboard', 'page'],
    ['/verify-email', 'page'],
    ['/no-such-page', 'page'],
    ['/api', 'page'],
    ['/favicon.icox', 'page'],
    ['/favicon.ico/x', 'page'],
    ['/_next/image/x', 'page'],
    ['/_next/static', 'page'],
    ['/dev/outbox/x', 'page'],
    ['/dev/outbox/x/htmlx', 'page'],
    ['/api/', 'api'],
    ['/api/auth/token', 'api'],
    ['/api/nope', 'api'],
    ['/favicon.ico', 'resource'],
    ['/_next/image', 'resource'],
    ['/.well-known/jwks.json', 'resource'],
    ['/.well-known/nope', 'resource'],
    ['/dev/outbox/0b6a3e14-6b3d-4e7a-9c51-2d8f0b6a3e14/html', 'resource'],
  ])('%s is a %s', (path, kind) => {
    expect(pathKind(path)).toBe(kind);
  });
});

describe('refuseRequest', () => {
  test('lets safe requests and same-origin posts through on every kind of path', async () => {
    for (const kind of ['page', 'api', 'resource'] as const) {
      expect(await refusal(kind, 'GET')).toBeNull();
      expect(await refusal(kind, 'GET', { origin: EVIL })).toBeNull();
      expect(await refusal(kind, 'POST', { origin: APP, 'content-length': '100' })).toBeNull();
    }
  });

  test('a page takes a Server Action from its own origin', async () => {
    expect(await refusal('page', 'POST', { origin: APP, 'next-action': 'abc', 'content-length': '2' })).toBeNull();
    expect(await refusal('page', 'POST', { origin: APP, 'content-type': 'multipart/form-data; boundary=x', 'content-length': '2' })).toBeNull();
  });

  test('a post from another site, or without Origin, is refused on pages and resources', async () => {
    for (const kind of ['page', 'resource'] as const) {
      for (const headers of [{ origin: EVIL }, { origin: 'null' }, {}] as HeaderLines[]) {
        const answer = await refusal(kind, 'POST', headers);
        expect(answer?.status, `${kind} ${JSON.stringify(headers)}`).toBe(403);
        expect(answer?.body).toContain(`did not come from a page of ${APP}`);
      }
    }
  });

  test('the API takes programs without Origin and answers another site with its own invalid_origin', async () => {
    expect(await refusal('api', 'POST', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '40' })).toBeNull();
    const answer = await refusal('api', 'POST', { origin: EVIL });
    expect(answer?.status).toBe(403);
    expect(JSON.parse(answer?.body ?? '')).toMatchObject({ error: 'invalid_origin' });
  });

  test('a Server Action outside the pages is refused, even from our own origin or from a program', async () => {
    for (const kind of ['api', 'resource'] as const) {
      for (const headers of [
        { origin: APP, 'next-action': 'abc', 'content-length': '2' },
        { origin: APP, 'content-type': 'multipart/form-data; boundary=x', 'content-length': '2' },
        { origin: APP, 'content-type': 'Multipart/Form-Data; boundary=x', 'content-length': '2' },
      ] as HeaderLines[]) {
        const answer = await refusal(kind, 'POST', headers);
        expect(answer, `${kind} ${JSON.stringify(headers)}`).toEqual({ status: 403, body: 'Refused: Server Actions are posted to pages only.' });
      }
    }
    expect((await refusal('api', 'POST', { 'next-action': 'abc' }))?.status).toBe(403);
    expect((await refusal('api', 'GET', { 'next-action': 'abc' }))?.status).toBe(403);
  });

  test('a body over 256 KB, or of unknown length, is refused with 413 on pages and resources', async () => {
    for (const kind of ['page', 'resource'] as const) {
      expect(await refusal(kind, 'POST', { origin: APP, 'content-length': String(MAX_BODY_BYTES) })).toBeNull();
      for (const headers of [{ 'content-length': String(MAX_BODY_BYTES + 1) }, { 'content-length': 'x' }, { 'transfer-encoding': 'chunked' }] as HeaderLines[]) {
        expect((await refusal(kind, 'POST', { origin: APP, ...headers }))?.status, `${kind} ${JSON.stringify(headers)}`).toBe(413);
      }
    }
  });

  test('the API reads its own bodies, with its own bound: chunked programs still get through', async () => {
    expect(await refusal('api', 'POST', { 'transfer-encoding': 'chunked', 'content-type': 'application/json' })).toBeNull();
  });
});

// middleware.ts's matcher must be a literal, so it spells the kinds of paths out again: it must
// agree with pathKind, or a path would get another kind's treatment, or none. Compiled with the
// function next build uses.
describe("middleware's matcher", () => {
  const PATHS = ['/', '/login', '/dashboard', '/verify-email', '/no-such-page', '/api', '/api/', '/api/nope', '/api/auth/token', '/.well-known/jwks.json', '/.well-known/nope', '/favicon.ico', '/favicon.icox', '/favicon.ico/x', '/_next/image', '/_next/image/x', '/_next/static', '/_next/staticx', '/dev/outbox/x/html', '/dev/outbox/x/htmlx', '/dev/outbox/x'];

  type Compiled = { regexp: string; has?: { key: string }[] };
  // Not in Next.js's published types: an internal of next build, checked here so a change shows.
  type Compile = { getMiddlewareMatchers: (matcher: unknown, nextConfig: object) => Compiled[] };

  async function matchers() {
    const { config } = await import('../../middleware');
    const { getMiddlewareMatchers } = (await import('next/dist/build/analysis/get-page-static-info')) as unknown as Compile;
    return getMiddlewareMatchers(config.matcher, {}).map((matcher) => ({ regexp: new RegExp(matcher.regexp), has: matcher.has ?? [] }));
  }

  test('runs unconditionally on pages, and on the API and resources only for an Origin, a Next-Action or a multipart form', async () => {
    const compiled = await matchers();
    for (const path of PATHS) {
      const matching = compiled.filter(({ regexp }) => regexp.test(path));
      const conditions = matching.map(({ has }) => has.map((item) => item.key).join('+') || 'always').sort();
      expect(conditions, path).toEqual(pathKind(path) === 'page' ? ['always'] : ['content-type', 'next-action', 'origin']);
    }
  });

  test('never runs on static files', async () => {
    for (const path of ['/_next/static/chunks/app.js', '/_next/static/x']) {
      expect((await matchers()).some(({ regexp }) => regexp.test(path)), path).toBe(false);
    }
  });
});
