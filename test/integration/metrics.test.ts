import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { liveSessionWhere } from '@/lib/accounts/live-sessions';
import { endSession, refreshSession } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import { passwordWorkerCount } from '@/lib/auth/password-pool';
import { getConfig } from '@/lib/config';
import { getLogger } from '@/lib/log';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { metricsResponse } from '@/lib/metrics/scrape';
import { observeRequests } from '@/lib/request/request-log';
import { client, newUser, password } from '../support/accounts';
import { captureLog, loggedWith } from '../support/log';
import { ExpositionError, counterValue, parsePrometheusText, sampleValue } from '../support/prometheus-text';

// GET /api/metrics on the embedded database: who may read it, that its text is well-formed
// (read with a strict parser of the format, test/support/prometheus-text.ts), and that the counters
// move by exactly what happened. And the request hook that times and logs every request.

const TOKEN = randomBytes(32).toString('base64url');
process.env.METRICS_TOKEN = TOKEN;

const scrape = (authorization?: string) =>
  metricsResponse(new Request('http://localhost:3000/api/metrics', authorization ? { headers: { authorization } } : {}));

async function metrics() {
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

beforeAll(async () => {
  await getDatabase();
});
afterAll(async () => {
  await closeDatabase();
});

describe('who may scrape', () => {
  test('only a request with the bearer token; every other answer is the same 404', async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} ${TOKEN}`]) {
      const refused = await scrape(authorization);
      expect(refused.status).toBe(404);
      expect(await refused.text()).toBe('Not found');
    }
    // "Bearer" is case-insensitive (RFC 6750 follows RFC 7235's auth-scheme).
    expect((await scrape(`bearer ${TOKEN}`)).status).toBe(200);
  });

  test('without METRICS_TOKEN there is no endpoint, whatever is presented', async () => {
    const config = getConfig();
    config.metricsToken = null;
    try {
      expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
      expect((await scrape()).status).toBe(404);
    } finally {
      config.metricsToken = TOKEN;
    }
  });
});

describe('the metrics', () => {
  test('the exposition is well-formed and has the process metrics, every latchkey metric, and its histograms', async () => {
    const families = await metrics();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(families.has(name), name).toBe(true);
    }
    const types = Object.fromEntries([...families.values()].filter((family) => family.name.startsWith('latchkey_')).map((family) => [family.name, family.type]));
    expect(types).toEqual({
      latchkey_sign_ins_total: 'counter',
      latchkey_second_factor_failures_total: 'counter',
      latchkey_throttled_attempts_total: 'counter',
      latchkey_refreshes_total: 'counter',
      latchkey_refresh_reuse_detections_total: 'counter',
      latchkey_revocations_total: 'counter',
      latchkey_mails_sent_total: 'counter',
      latchkey_mails_failed_total: 'counter',
      latchkey_active_sessions: 'gauge',
      latchkey_mail_queue_messages: 'gauge',
      latchkey_embedded_database_memory_bytes: 'gauge',
      latchkey_password_queue_tasks: 'gauge',
      latchkey_password_workers: 'gauge',
      latchkey_password_hash_duration_seconds: 'histogram',
      latchkey_http_request_duration_seconds: 'histogram',
    });
    for (const family of families.values()) if (family.name.startsWith('latchkey_')) expect(family.help, family.name).toBeTruthy();
    // Every sign-in series is there from the start, so the first failure is an increase.
    for (const method of ['password', 'passkey', 'provider']) {
      for (const result of ['success', 'failure']) expect(sampleValue(families, 'latchkey_sign_ins_total', { method, result })).toBeGreaterThanOrEqual(0);
    }
  });

  test('a sign-in, a wrong password, a refresh, a reused token and a sign-out move their counters by exactly one', async () => {
    const email = await newUser();
    const before = await metrics();
    const compareCount = (families: typeof before) =>
      sampleValue(families, 'latchkey_password_hash_duration_seconds', { op: 'compare' }, 'latchkey_password_hash_duration_seconds_count');

    const signedIn = await signIn({ email, password }, client);
    if (!signedIn.ok) throw new Error('sign-in failed');
    expect(await signIn({ email, password: 'not-the-password' }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
    const refreshed = await refreshSession(signedIn.tokens.refreshToken, client);
    if (!refreshed.ok) throw new Error('refresh failed');
    const stolen = await signIn({ email, password }, client);
    if (!stolen.ok) throw new Error('sign-in failed');
    await refreshSession(stolen.tokens.refreshToken, client);
    await new Promise((resolve) => setTimeout(resolve, 1));
    getConfig().refreshReuseGrace = 0;
    try {
      expect(await refreshSession(stolen.tokens.refreshToken, client)).toMatchObject({ ok: false, error: 'reused' });
    } finally {
      getConfig().refreshReuseGrace = 10;
    }
    await endSession(refreshed.tokens, client);
    const after = await metrics();

    const moved = (name: string, labels: Record<string, string> = {}) => counterValue(after, name, labels) - counterValue(before, name, labels);
    expect(moved('latchkey_sign_ins_total', { method: 'password', result: 'success' })).toBe(2);
    expect(moved('latchkey_sign_ins_total', { method: 'password', result: 'failure' })).toBe(1);
    expect(moved('latchkey_sign_ins_total', { method: 'passkey', result: 'success' })).toBe(0);
    expect(moved('latchkey_refreshes_total', { result: 'success' })).toBe(2);
    expect(moved('latchkey_refreshes_total', { result: 'refused' })).toBe(1);
    expect(moved('latchkey_refresh_reuse_detections_total')).toBe(1);
    expect(moved('latchkey_revocations_total', { event: 'refresh_reuse_detected' })).toBe(1);
    expect(moved('latchkey_revocations_total', { event: 'sign_out' })).toBe(1);
    expect(compareCount(after) - compareCount(before)).toBe(3);
    expect(sampleValue(after, 'latchkey_password_queue_tasks')).toBe(0);
    expect(sampleValue(after, 'latchkey_password_workers')).toBe(passwordWorkerCount());
    expect(passwordWorkerCount()).toBeGreaterThanOrEqual(1);

    // The embedded database's memory holds at least its 16 MB of shared buffers.
    expect(sampleValue(after, 'latchkey_embedded_database_memory_bytes')).toBe((await getDatabase()).memoryBytes!());
    expect(sampleValue(after, 'latchkey_embedded_database_memory_bytes')).toBeGreaterThan(16 * 2 ** 20);
    const db = await getDb();
    expect(sampleValue(after, 'latchkey_active_sessions')).toBe(await db.session.count({ where: liveSessionWhere(new Date()) }));
    expect(sampleValue(after, 'latchkey_mail_queue_messages')).toBe(await db.mailMessage.count({ where: { sentAt: null, failedAt: null } }));
  });

  test('throttled sign-ins are counted by the limit that refused them', async () => {
    const email = await newUser();
    const before = await metrics();
    const { loginMaxAttempts } = getConfig();
    for (let attempt = 0; attempt < loginMaxAttempts; attempt++) await signIn({ email, password: 'wrong-password-1' }, client);
    expect(await signIn({ email, password }, client)).toMatchObject({ ok: false, error: 'throttled' });
    const after = await metrics();
    const moved = (name: string, labels: Record<string, string>) => counterValue(after, name, labels) - counterValue(before, name, labels);
    expect(moved('latchkey_throttled_attempts_total', { limit: 'sign_in' })).toBe(1);
    expect(moved('latchkey_sign_ins_total', { method: 'password', result: 'failure' })).toBe(loginMaxAttempts);
  });
});

describe('the request hook', () => {
  let server: Server;
  let base: string;
  const logged = captureLog();

  beforeAll(async () => {
    observeRequests();
    observeRequests();
    server = createServer((request, response) => {
      response.statusCode = request.url?.startsWith('/api/') ? 201 : 200;
      // As a handler's log line would be, after some asynchronous work.
      setTimeout(() => {
        getLogger().info('handled');
        response.end('ok');
      }, 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const requestLines = () => loggedWith(logged, 'request');

  test('one line per request with the route but never its query, and an X-Request-Id', async () => {
    const secret = randomBytes(16).toString('hex');
    const response = await fetch(`${base}/reset-password?token=${secret}`, { headers: { cookie: `session=${secret}` } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => requestLines().length).toBe(1);
    expect(requestLines()[0]).toEqual({
      level: 30,
      time: expect.any(String),
      pid: process.pid,
      hostname: expect.any(String),
      msg: 'request',
      requestId,
      method: 'GET',
      route: '/reset-password',
      status: 200,
      durationMs: expect.any(Number),
      kind: 'page',
    });
    expect(logged.join('\n')).not.toContain(secret);
  });

  test("what a request's handling logs carries the request's id, also when requests overlap", async () => {
    const responses = await Promise.all([1, 2, 3, 4].map(() => fetch(`${base}/dashboard`)));
    const ids = responses.map((response) => response.headers.get('x-request-id'));
    await expect.poll(() => loggedWith(logged, 'handled').length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(4);
    expect(new Set(loggedWith(logged, 'handled').slice(-4).map((line) => line.requestId))).toEqual(new Set(ids));
  });

  test("a sane incoming X-Request-Id is kept; anything else is replaced", async () => {
    const kept = await fetch(`${base}/api/users/me`, { headers: { 'x-request-id': 'proxy-1234.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-1234.abc');
    for (const bad of ['a b', 'x'.repeat(129), 'quote"d', '']) {
      const replaced = await fetch(`${base}/`, { headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('each request is timed by its kind: page, action, api, static', async () => {
    const count = async (kind: string) =>
      sampleValue(await metrics(), 'latchkey_http_request_duration_seconds', { kind }, 'latchkey_http_request_duration_seconds_count');
    const before = { page: await count('page'), action: await count('action'), api: await count('api'), static: await count('static') };
    const linesBefore = requestLines().length;
    await fetch(`${base}/dashboard`);
    await fetch(`${base}/settings`, { method: 'POST', headers: { 'next-action': 'abc123' } });
    await fetch(`${base}/api/auth/token`, { method: 'POST' });
    await fetch(`${base}/.well-known/jwks.json`);
    await fetch(`${base}/_next/static/chunks/main.js`);
    await expect.poll(() => requestLines().length).toBe(linesBefore + 5);
    // The scrapes themselves call metricsResponse directly, not over HTTP: nothing else moved these.
    expect({ page: await count('page'), action: await count('action'), api: await count('api'), static: await count('static') }).toEqual({
      page: before.page + 1,
      action: before.action + 1,
      api: before.api + 2,
      static: before.static + 1,
    });
    expect(requestLines().slice(linesBefore).map((line) => [line.method, line.route, line.status, line.kind])).toEqual([
      ['GET', '/dashboard', 200, 'page'],
      ['POST', '/settings', 200, 'action'],
      ['POST', '/api/auth/token', 201, 'api'],
      ['GET', '/.well-known/jwks.json', 200, 'api'],
      ['GET', '/_next/static/chunks/main.js', 200, 'static'],
    ]);
  });
});

describe('the parser refuses what a scraper would', () => {
  const valid = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 2\n';
  test('a well-formed exposition parses', () => {
    expect(sampleValue(parsePrometheusText(valid), 'a_total', { x: '1' })).toBe(2);
    expect(
      sampleValue(parsePrometheusText('# TYPE b gauge\nb{v="q\\"\\\\\\n"} NaN\n'), 'b', { v: 'q"\\\n' }),
    ).toBeNaN();
  });

  test.each([
    ['no final line feed', valid.slice(0, -1)],
    ['a sample without its TYPE', 'a_total 1\n'],
    ['a TYPE after samples', `${valid}# TYPE a_total counter\n`],
    ['a series twice', `${valid}a_total{x="1"} 3\n`],
    ['a bad escape', '# TYPE b gauge\nb{v="\\t"} 1\n'],
    ['a bad label name', '# TYPE b gauge\nb{1v="x"} 1\n'],
    ['a bad value', '# TYPE b gauge\nb 1,5\n'],
    ['two spaces', '# TYPE b gauge\nb  1\n'],
    ['a family split', '# TYPE b gauge\nb{x="1"} 1\n# TYPE c gauge\nc 1\nb{x="2"} 1\n'],
    ['non-cumulative buckets', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'],
    ['no +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ['a _count unlike +Inf', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 2\n'],
    ['no _sum', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n'],
  ])('%s', (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow(ExpositionError);
  });
});
