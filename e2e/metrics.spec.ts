import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USER } from './helpers/accounts';
import { METRICS_TOKEN, scrapeMetrics } from './helpers/metrics';
import { apiSignIn } from './helpers/tokens';
import { sampleValue } from '../test/support/prometheus-text';

// A Prometheus scrape of the running production build (docs/observability.md). The exact
// counting is tested in test/integration/metrics.test.ts; here other journeys run on the same server
// at the same time, so the counters are checked to move by at least what this test did.

test('/api/metrics answers 404 without the bearer token or with a wrong one', async ({ request }) => {
  for (const headers of [{} as Record<string, string>, { Authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` }, { Authorization: `Basic ${METRICS_TOKEN}` }]) {
    const response = await request.get('/api/metrics', { headers });
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain('latchkey_');
  }
});

test('password sign-ins and API requests move their counters; the histograms have their buckets', async ({ request }) => {
  const before = await scrapeMetrics(request);
  const signIns = (families: typeof before) => sampleValue(families, 'latchkey_sign_ins_total', { method: 'password', result: 'success' });
  const apiRequests = (families: typeof before) =>
    sampleValue(families, 'latchkey_http_request_duration_seconds', { kind: 'api' }, 'latchkey_http_request_duration_seconds_count');

  const SIGN_INS = 3;
  for (let i = 0; i < SIGN_INS; i++) await apiSignIn(request, DEMO_USER, DEMO_PASSWORD);
  const after = await scrapeMetrics(request);

  expect(signIns(after) - signIns(before)).toBeGreaterThanOrEqual(SIGN_INS);
  // The sign-ins and the first scrape: the second is timed when its response has gone.
  expect(apiRequests(after) - apiRequests(before)).toBeGreaterThanOrEqual(SIGN_INS + 1);
  for (const kind of ['page', 'action', 'api', 'static']) {
    const buckets = after.get('latchkey_http_request_duration_seconds')!.samples.filter((sample) => sample.name.endsWith('_bucket') && sample.labels.kind === kind);
    expect(buckets.map((bucket) => bucket.labels.le)).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
  }
  // The server started by loading /login, and Playwright's readiness checks did too.
  expect(sampleValue(after, 'latchkey_http_request_duration_seconds', { kind: 'page' }, 'latchkey_http_request_duration_seconds_count')).toBeGreaterThan(0);
  expect(sampleValue(after, 'latchkey_password_hash_duration_seconds', { op: 'compare' }, 'latchkey_password_hash_duration_seconds_count')).toBeGreaterThanOrEqual(SIGN_INS);
  expect(sampleValue(after, 'latchkey_active_sessions')).toBeGreaterThanOrEqual(SIGN_INS);
  expect(after.has('process_resident_memory_bytes')).toBe(true);
});

test('every response carries an X-Request-Id; a sane one from a proxy is kept', async ({ request }) => {
  const fresh = await request.get('/login');
  expect(fresh.headers()['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const kept = await request.get('/api/health', { headers: { 'X-Request-Id': 'proxy-7f3a.1' } });
  expect(kept.headers()['x-request-id']).toBe('proxy-7f3a.1');
  const notFound = await request.get('/no-such-page', { headers: { 'X-Request-Id': 'bad id' } });
  expect(notFound.status()).toBe(404);
  expect(notFound.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});
