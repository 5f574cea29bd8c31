import { NextRequest } from 'next/server';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cookieNames, sessionCookies } from '../auth/cookies';
import { signAccessToken } from '../auth/tokens';
import { getConfig } from '../config';
import type { DatabaseHealth } from '../db/health';
import { MAX_BODY_BYTES, guardRequest, isPostedAuthorizationRequest, pathKind, refuseRequest } from './guard';
import type { Refresh } from './page-access';

// test/support/env.ts sets APP_URL=http://localhost:3000.
const APP = 'http://localhost:3000';
const EVIL = 'https://evil.example';

type HeaderLines = Record<string, string>;

function request(method: string, headers: HeaderLines = {}) {
  return { method, headers: new Headers(headers) };
}

// middleware.ts answers `forbidden` with 403 and `too_large` with 413, the message as the body (tested below).
async function refusal(kind: ReturnType<typeof pathKind>, method: string, headers: HeaderLines = {}) {
  const refused = refuseRequest(request(method, headers), kind);
  return refused && { action: refused.action, body: 'message' in refused ? refused.message : refused.reason };
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
    ['/oauth/userinfo', 'api'],
    ['/oauth/userinfox', 'page'],
    ['/oauth/authorize', 'page'],
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
        expect(answer?.action, `${kind} ${JSON.stringify(headers)}`).toBe('forbidden');
        expect(answer?.body).toContain(`did not come from a page of ${APP}`);
      }
    }
  });

  test('an app’s sign-in or sign-out form from another site reaches those two pages; a Server Action from there still does not', () => {
    const form = { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded', 'content-length': '40' };
    expect(refuseRequest(request('POST', form), 'page', { formsFromApps: true })).toBeNull();
    expect(refuseRequest(request('POST', form), 'page')).toMatchObject({ action: 'forbidden', reason: 'cross_site' });
    for (const headers of [
      { ...form, 'next-action': 'abc' },
      { origin: EVIL, 'content-type': 'multipart/form-data; boundary=x', 'content-length': '40' },
      { origin: EVIL, 'content-type': 'text/plain', 'content-length': '40' },
    ]) {
      expect(refuseRequest(request('POST', headers), 'page', { formsFromApps: true }), JSON.stringify(headers)).toMatchObject({ action: 'forbidden' });
    }
  });

  test('a posted sign-in request is recognised by path, method and form type only', () => {
    const posted = (method: string, pathname: string, type: string) => isPostedAuthorizationRequest({ method, headers: new Headers({ 'content-type': type }), nextUrl: { pathname } });
    expect(posted('POST', '/oauth/authorize', 'application/x-www-form-urlencoded; charset=utf-8')).toBe(true);
    expect(posted('GET', '/oauth/authorize', 'application/x-www-form-urlencoded')).toBe(false);
    expect(posted('POST', '/oauth/end-session', 'application/x-www-form-urlencoded')).toBe(false);
    expect(posted('POST', '/oauth/authorize', 'multipart/form-data; boundary=x')).toBe(false);
  });

  test('the API takes programs without Origin and answers another site with its own invalid_origin', async () => {
    expect(await refusal('api', 'POST', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '40' })).toBeNull();
    expect(refuseRequest(request('POST', { origin: EVIL }), 'api')).toEqual({ action: 'forbidden', reason: 'invalid_origin' });
  });

  test('a Server Action outside the pages is refused, even from our own origin or from a program', async () => {
    for (const kind of ['api', 'resource'] as const) {
      for (const headers of [
        { origin: APP, 'next-action': 'abc', 'content-length': '2' },
        { origin: APP, 'content-type': 'multipart/form-data; boundary=x', 'content-length': '2' },
        { origin: APP, 'content-type': 'Multipart/Form-Data; boundary=x', 'content-length': '2' },
      ] as HeaderLines[]) {
        const answer = await refusal(kind, 'POST', headers);
        expect(answer, `${kind} ${JSON.stringify(headers)}`).toEqual({ action: 'forbidden', body: 'Refused: Server Actions are posted to pages only.' });
      }
    }
    expect((await refusal('api', 'POST', { 'next-action': 'abc' }))?.action).toBe('forbidden');
    expect((await refusal('api', 'GET', { 'next-action': 'abc' }))?.action).toBe('forbidden');
  });

  test('a body over 256 KB, or of unknown length, is refused with 413 on pages and resources', async () => {
    for (const kind of ['page', 'resource'] as const) {
      expect(await refusal(kind, 'POST', { origin: APP, 'content-length': String(MAX_BODY_BYTES) })).toBeNull();
      for (const headers of [{ 'content-length': String(MAX_BODY_BYTES + 1) }, { 'content-length': 'x' }, { 'transfer-encoding': 'chunked' }] as HeaderLines[]) {
        expect((await refusal(kind, 'POST', { origin: APP, ...headers }))?.action, `${kind} ${JSON.stringify(headers)}`).toBe('too_large');
      }
    }
  });

  test('says its refusals in the language the request asks for: the switcher\'s cookie, else Accept-Language', async () => {
    const tooLarge = { origin: APP, 'content-length': String(MAX_BODY_BYTES + 1) };
    expect(await refusal('page', 'POST', { ...tooLarge, 'accept-language': 'de-DE,de;q=0.9' })).toEqual({ action: 'too_large', body: 'Abgelehnt: Der Inhalt der Anfrage ist zu groß.' });
    expect(await refusal('page', 'POST', { ...tooLarge, 'accept-language': 'de', cookie: 'a=1; latchkey_lang=en' })).toEqual({ action: 'too_large', body: 'Refused: the request body is too large.' });
    expect((await refusal('page', 'POST', { origin: EVIL, cookie: 'latchkey_lang=de' }))?.body).toContain(`Diese Anfrage kam nicht von einer Seite von ${APP}.`);
    expect((await refusal('resource', 'POST', { origin: APP, 'next-action': 'abc', 'content-length': '2', 'accept-language': 'fr, de;q=0.5' }))?.body).toBe('Abgelehnt: Server Actions werden nur an Seiten gesendet.');
  });

  test('the API reads its own bodies, with its own bound: chunked programs still get through', async () => {
    expect(await refusal('api', 'POST', { 'transfer-encoding': 'chunked', 'content-type': 'application/json' })).toBeNull();
  });
});

describe('guardRequest', () => {
  const NEW_TOKENS = { accessToken: 'new-access', refreshToken: 'new-refresh', refreshExpiresAt: new Date('2030-01-01T00:00:00Z') };
  const names = () => cookieNames();

  afterEach(() => {
    vi.useRealTimers();
  });

  // An access token issued `ageSeconds` ago.
  async function accessToken(ageSeconds = 0): Promise<string> {
    vi.useFakeTimers({ now: Date.now() - ageSeconds * 1000, toFake: ['Date'] });
    try {
      return await signAccessToken({ userId: crypto.randomUUID(), sessionId: crypto.randomUUID(), role: 'USER' });
    } finally {
      vi.useRealTimers();
    }
  }

  function pageRequest(path: string, { method = 'GET', headers = {}, cookies = {} }: { method?: string; headers?: HeaderLines; cookies?: HeaderLines } = {}) {
    const cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
    return new NextRequest(new URL(path, APP), { method, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  }

  function services({ refresh, health = 'ok' }: { refresh?: Refresh; health?: DatabaseHealth } = {}) {
    return {
      databaseHealth: vi.fn(async () => health),
      refreshSession: vi.fn(async () => refresh ?? expect.unreachable('no refresh expected')),
    };
  }

  const cleared = () => [names().access, names().refresh].map((name) => expect.objectContaining({ name, value: '', options: expect.objectContaining({ maxAge: 0 }) }));

  test('a fresh access token passes without a refresh; a protected page is never cached', async () => {
    const using = services();
    const guarded = await guardRequest(pageRequest('/dashboard?tab=1', { cookies: { [names().access]: await accessToken(), [names().refresh]: 'r' } }), using);
    expect(guarded).toMatchObject({ action: 'pass', cookies: [] });
    expect(using.refreshSession).not.toHaveBeenCalled();
    expect(guarded.forward).toEqual({ 'Content-Security-Policy': expect.stringContaining("'nonce-"), 'x-latchkey-path': '/dashboard?tab=1' });
    expect(guarded.headers).toEqual({ 'Content-Security-Policy': guarded.forward!['Content-Security-Policy'], 'Cache-Control': 'no-store' });
  });

  test('no session: a public page passes and may be cached, a protected one sends to the sign-in page', async () => {
    const home = await guardRequest(pageRequest('/'), services());
    expect(home).toMatchObject({ action: 'pass', cookies: [] });
    expect(home.headers['Cache-Control']).toBeUndefined();
    const login = await guardRequest(pageRequest('/settings/security?x=1'), services());
    expect(login).toMatchObject({ action: 'login', cookies: [] });
    expect(login.action === 'login' && login.location.href).toBe(`${APP}/login?next=%2Fsettings%2Fsecurity%3Fx%3D1`);
  });

  test('an expired access token and a valid refresh token: the page renders with new cookies, set on the response', async () => {
    for (const cookies of [{ [names().access]: await accessToken(getConfig().accessTokenTtl + 3600) }, {}]) {
      const using = services({ refresh: { ok: true, tokens: NEW_TOKENS } });
      const request = pageRequest('/', { headers: { 'user-agent': 'Test' }, cookies: { ...cookies, [names().refresh]: 'the-refresh-token' } });
      const guarded = await guardRequest(request, using);
      expect(guarded).toMatchObject({ action: 'pass', cookies: sessionCookies(NEW_TOKENS) });
      expect(using.refreshSession).toHaveBeenCalledWith('the-refresh-token', expect.objectContaining({ userAgent: 'Test' }));
      // Set-Cookie: no cache may keep the answer, on a public page too.
      expect(guarded.headers['Cache-Control']).toBe('no-store');
    }
  });

  test('an access token about to expire is refreshed, and still serves the request if the refresh is refused', async () => {
    const nearlyExpired = await accessToken(getConfig().accessTokenTtl - 30);
    const cookies = { [names().access]: nearlyExpired, [names().refresh]: 'r' };
    expect(await guardRequest(pageRequest('/dashboard', { cookies }), services({ refresh: { ok: true, tokens: NEW_TOKENS } }))).toMatchObject({
      action: 'pass',
      cookies: sessionCookies(NEW_TOKENS),
    });
    expect(await guardRequest(pageRequest('/dashboard', { cookies }), services({ refresh: { ok: false, error: 'refused' } }))).toMatchObject({
      action: 'pass',
      cookies: [],
    });
  });

  test('a reused or ended refresh token ends the session: the cookies are cleared, and a protected page sends to sign-in', async () => {
    const refused = { refresh: { ok: false, error: 'refused' } } as const;
    const cookies = { [names().refresh]: 'reused' };
    expect(await guardRequest(pageRequest('/admin', { cookies }), services(refused))).toMatchObject({ action: 'login', cookies: cleared() });
    expect(await guardRequest(pageRequest('/', { cookies }), services(refused))).toMatchObject({ action: 'pass', cookies: cleared() });
  });

  test('while the database is down a protected page is unavailable and the cookies are kept; a public page renders', async () => {
    const cookies = { [names().access]: await accessToken(), [names().refresh]: 'r' };
    const down = services({ health: 'unreachable' });
    const guarded = await guardRequest(pageRequest('/dashboard', { cookies }), down);
    expect(guarded).toEqual({ action: 'unavailable', forward: expect.objectContaining({ 'x-latchkey-path': '/dashboard' }), headers: expect.objectContaining({ 'Cache-Control': 'no-store' }) });
    expect(down.refreshSession).not.toHaveBeenCalled();

    // The probe answered a moment ago, the rotation did not.
    const outage = { refresh: { ok: false, error: 'unavailable' } } as const;
    expect(await guardRequest(pageRequest('/settings', { cookies: { [names().refresh]: 'r' } }), services(outage))).toMatchObject({ action: 'unavailable' });
    expect(await guardRequest(pageRequest('/', { cookies: { [names().refresh]: 'r' } }), services(outage))).toMatchObject({ action: 'pass', cookies: [] });
    // Public pages never wait for the probe.
    const publicDown = services({ health: 'unreachable' });
    expect(await guardRequest(pageRequest('/login'), publicDown)).toMatchObject({ action: 'pass' });
    expect(publicDown.databaseHealth).not.toHaveBeenCalled();
  });

  test('a POST from another site is refused before any session work: on a page with its headers, on the API with its own error', async () => {
    const using = services();
    const page = await guardRequest(pageRequest('/dashboard', { method: 'POST', headers: { origin: EVIL, 'content-length': '2' } }), using);
    expect(page).toMatchObject({ action: 'forbidden', reason: 'cross_site' });
    expect(page.headers['Content-Security-Policy']).toBeDefined();
    const api = await guardRequest(pageRequest('/api/auth/token', { method: 'POST', headers: { origin: EVIL } }), using);
    expect(api).toEqual({ action: 'forbidden', reason: 'invalid_origin', forward: null, headers: {} });
    expect(using.databaseHealth).not.toHaveBeenCalled();
  });

  test('a body too large is refused on pages and resources', async () => {
    const headers = { origin: APP, 'content-length': String(MAX_BODY_BYTES + 1) };
    for (const path of ['/login', '/favicon.ico']) {
      expect(await guardRequest(pageRequest(path, { method: 'POST', headers }), services()), path).toMatchObject({ action: 'too_large' });
    }
  });

  test('a Server Action header is refused on any path but a page, which renders it', async () => {
    const headers = { origin: APP, 'next-action': 'abc', 'content-length': '2' };
    for (const path of ['/api/nope', '/favicon.ico', '/.well-known/jwks.json', '/dev/outbox/x/html']) {
      expect(await guardRequest(pageRequest(path, { method: 'POST', headers }), services()), path).toMatchObject({ action: 'forbidden', reason: 'server_action', forward: null });
    }
    expect(await guardRequest(pageRequest('/login', { method: 'POST', headers }), services())).toMatchObject({ action: 'pass', cookies: [] });
  });

  test('the API and other resources go on untouched', async () => {
    expect(await guardRequest(pageRequest('/api/users/me', { headers: { origin: EVIL } }), services())).toEqual({ action: 'pass', cookies: [], forward: null, headers: {} });
  });
});

// What middleware.ts answers for each decision it needs no database for.
describe('middleware', () => {
  async function answer(path: string, headers: HeaderLines) {
    const { middleware } = await import('../../middleware');
    const response = await middleware(new NextRequest(new URL(path, APP), { method: 'POST', headers }));
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text(), policy: response.headers.get('content-security-policy') };
  }

  test('refuses with plain text on pages and resources, and with the API\'s JSON on the API', async () => {
    expect(await answer('/login', { origin: EVIL })).toMatchObject({ status: 403, type: 'text/plain; charset=utf-8', body: expect.stringContaining(`did not come from a page of ${APP}`), policy: expect.stringContaining("default-src 'self'") });
    expect(await answer('/favicon.ico', { origin: APP, 'next-action': 'abc', 'content-length': '2' })).toEqual({ status: 403, type: 'text/plain; charset=utf-8', body: 'Refused: Server Actions are posted to pages only.', policy: null });
    expect(await answer('/login', { origin: APP, 'content-length': String(MAX_BODY_BYTES + 1) })).toMatchObject({ status: 413, body: 'Refused: the request body is too large.' });
    const api = await answer('/api/auth/token', { origin: EVIL });
    expect(api).toMatchObject({ status: 403, type: 'application/json', policy: null });
    expect(JSON.parse(api.body)).toEqual({ error: 'invalid_origin', error_description: 'Requests from other sites are refused.' });
  });
});

// middleware.ts's matcher must be a literal, so it spells the kinds of paths out again: it must
// agree with pathKind, or a path would get another kind's treatment, or none. Compiled with the
// function next build uses.
describe("middleware's matcher", () => {
  const PATHS = ['/oauth/userinfo', '/oauth/userinfox', '/oauth/authorize', '/', '/login', '/dashboard', '/verify-email', '/no-such-page', '/api', '/api/', '/api/nope', '/api/auth/token', '/.well-known/jwks.json', '/.well-known/nope', '/favicon.ico', '/favicon.icox', '/favicon.ico/x', '/_next/image', '/_next/image/x', '/_next/static', '/_next/staticx', '/dev/outbox/x/html', '/dev/outbox/x/htmlx', '/dev/outbox/x'];

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
