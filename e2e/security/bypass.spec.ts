import { expect, test } from '@playwright/test';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../helpers/cookies';
import { expectNotRendered, rawGet, rawRequest } from '../helpers/raw-http';

// Next.js middleware bypasses (CVE-2025-29927's x-middleware-subrequest and its relatives),
// path tricks and broken cookies, all without a session. None may render protected content,
// and none may crash the server: the DAL checks the session again in every page.

const MIDDLEWARE_HEADERS = [
  'x-middleware-subrequest: middleware',
  'x-middleware-subrequest: middleware:middleware:middleware:middleware:middleware',
  'x-middleware-subrequest: src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
  'x-middleware-subrequest: pages/_middleware',
  'x-middleware-prefetch: 1',
  'x-nextjs-data: 1',
  'Next-Router-State-Tree: %5B%22%22%2C%7B%22children%22%3A%5B%22dashboard%22%2C%7B%7D%5D%7D%5D',
  'RSC: 1',
  'Next-Router-Prefetch: 1',
  // CVE-2026-44575 / CVE-2026-45109: segment-prefetch requests skipped middleware.
  'Next-Router-Segment-Prefetch: /_tree',
  'Next-Router-Segment-Prefetch: /__PAGE__',
  'x-invoke-path: /dashboard',
  'x-invoke-query: %7B%7D',
  'x-invoke-output: /dashboard',
  'x-middleware-invoke: 1',
  'x-forwarded-host: evil.example',
  'x-forwarded-proto: https',
  'x-original-url: /dashboard',
  'x-rewrite-url: /dashboard',
  'x-now-route-matches: 1',
];

for (const path of ['/dashboard', '/settings', '/admin']) {
  test(`no special header reaches ${path} without a session`, async ({ baseURL }) => {
    for (const header of MIDDLEWARE_HEADERS) {
      const response = await rawGet(baseURL, path, [header]);
      expectNotRendered(response, header);
      expect([307, 308, 404], header).toContain(response.status);
    }
  });
}

test('a spoofed Host does not reach the dashboard, and the login redirect stays on APP_URL', async ({ baseURL }) => {
  const response = await rawRequest(baseURL, 'GET /dashboard HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
  expectNotRendered(response, 'Host: evil.example');
  expect(response.headers).not.toMatch(/location: https?:\/\/evil\.example/i);
  const forwarded = await rawGet(baseURL, '/dashboard', ['x-forwarded-host: evil.example']);
  expect(forwarded.headers).not.toMatch(/location: https?:\/\/evil\.example/i);
});

const PATHS = [
  '/dashboard/',
  '/DASHBOARD',
  '/Dashboard',
  '/dashboard%2F',
  '/%64ashboard',
  '/dashboard;',
  '/dashboard;.css',
  '/dashboard.json',
  '/dashboard?_rsc=1',
  '/dashboard?__nextDataReq=1',
  '/_next/../dashboard',
  '/_next/static/../../dashboard',
  '/api/../dashboard',
  '/api/..%2Fdashboard',
  '/.well-known/../dashboard',
  '//dashboard',
  '/./dashboard',
  '/dashboard/.',
  '/_next/data/development/dashboard.json',
  '/settings/../dashboard',
  '/admin/users/..%2F..%2Fdashboard',
  '/dashboard.rsc',
  '/dashboard.prefetch.rsc',
  '/dashboard.segments/_tree.segment.rsc',
  '/dashboard.segments/__PAGE__.segment.rsc',
  '/dashboard.segments/$c$children/__PAGE__.segment.rsc',
];

test('path tricks never render a protected page without a session', async ({ baseURL }) => {
  for (const path of PATHS) {
    const response = await rawGet(baseURL, path);
    expectNotRendered(response, path);
  }
});

test('RSC and prefetch requests for protected pages without a session are redirected too', async ({ baseURL }) => {
  for (const path of ['/dashboard?_rsc=abc', '/settings?_rsc=1', '/admin?_rsc=1']) {
    const response = await rawGet(baseURL, path, ['RSC: 1', 'Next-Router-Prefetch: 1']);
    expectNotRendered(response, path);
    expect(response.status, path).toBe(307);
  }
});

const GARBAGE: [string, string][] = [
  ['empty access cookie', `Cookie: ${ACCESS_COOKIE}=`],
  ['empty refresh cookie', `Cookie: ${REFRESH_COOKIE}=`],
  ['both empty', `Cookie: ${ACCESS_COOKIE}=; ${REFRESH_COOKIE}=`],
  ['a dot-separated nonsense token', `Cookie: ${ACCESS_COOKIE}=a.b.c; ${REFRESH_COOKIE}=a.b`],
  ['percent garbage', `Cookie: ${ACCESS_COOKIE}=%E0%A4%A; ${REFRESH_COOKIE}=%%%`],
  ['quotes and semicolons', `Cookie: ${ACCESS_COOKIE}="x;y"; ${REFRESH_COOKIE}="`],
  ['a 12 KB access cookie', `Cookie: ${ACCESS_COOKIE}=${'A'.repeat(12_000)}`],
  ['a 12 KB refresh cookie', `Cookie: ${REFRESH_COOKIE}=${'A'.repeat(12_000)}.${'B'.repeat(100)}`],
  ['300 cookies', `Cookie: ${Array.from({ length: 300 }, (_, n) => `c${n}=${n}`).join('; ')}`],
  ['the session cookies 50 times', `Cookie: ${Array.from({ length: 50 }, () => `${ACCESS_COOKIE}=x; ${REFRESH_COOKIE}=y.z`).join('; ')}`],
];

test('garbage cookies are treated as signed out, never a server error', async ({ baseURL }) => {
  for (const [label, header] of GARBAGE) {
    for (const path of ['/dashboard', '/login', '/']) {
      const response = await rawGet(baseURL, path, [header]);
      expectNotRendered(response, `${label} on ${path}`);
      if (path === '/dashboard') expect(response.status, label).toBe(307);
      else expect(response.status, `${label} on ${path}`).toBe(200);
    }
  }
});

test('invalid UTF-8 bytes in the cookies are treated as signed out', async ({ baseURL }) => {
  const { host } = new URL(baseURL ?? '');
  const request = Buffer.concat([
    Buffer.from(`GET /dashboard HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nCookie: ${ACCESS_COOKIE}=`),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
    Buffer.from(`; ${REFRESH_COOKIE}=`),
    Buffer.from([0xf0, 0x28, 0x8c, 0xbc, 0x2e, 0xc0, 0xaf]),
    Buffer.from('\r\n\r\n'),
  ]);
  const response = await rawRequest(baseURL, request);
  expectNotRendered(response, 'invalid UTF-8');
  expect(response.status).toBe(307);
});

test('a 100 KB cookie header is refused by the HTTP layer, not by a crash', async ({ baseURL }) => {
  const response = await rawGet(baseURL, '/dashboard', [`Cookie: ${ACCESS_COOKIE}=${'A'.repeat(100_000)}`]);
  expectNotRendered(response, '100 KB cookie');
  expect(response.status).toBe(431);
});
