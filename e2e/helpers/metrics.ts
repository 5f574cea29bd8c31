import { type APIRequestContext, expect } from '@playwright/test';
import { type Family, parsePrometheusText } from '../../test/support/prometheus-text';

// /api/metrics of the main e2e server, which playwright.config.ts starts with this token. Fixed
// rather than made per run: the config is read again in every worker, and the specs need the same one.
export const METRICS_TOKEN = 'vJ3c0tQx8Rk2WmZ5pL7yH1nB4sD9fG6aE0uTqXoCiKw';

/** Scrapes the metrics with the token and parses them strictly (test/support/prometheus-text.ts). */
export async function scrapeMetrics(request: APIRequestContext): Promise<Map<string, Family>> {
  const response = await request.get('/api/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await response.text());
}
