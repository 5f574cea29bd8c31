import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers/accounts';

// The JSON API over real HTTP against the production build: the journey of a program that
// signs in, calls the API, refreshes and signs out.

test('a program exchanges a password for tokens, calls /api/users/me, refreshes and revokes', async ({ request }) => {
  const token = await request.post('/api/auth/token', {
    form: { grant_type: 'password', username: 'demo@example.com', password: DEMO_PASSWORD },
  });
  expect(token.status()).toBe(200);
  expect(token.headers()['cache-control']).toBe('no-store');
  const issued = await token.json();
  expect(issued).toMatchObject({ token_type: 'bearer', expires_in: 900 });

  const me = await request.get('/api/users/me', { headers: { authorization: `Bearer ${issued.access_token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: 'demo@example.com', role: 'USER' });

  const refreshed = await request.post('/api/auth/token', { data: { grant_type: 'refresh_token', refresh_token: issued.refresh_token } });
  expect(refreshed.status()).toBe(200);
  const next = await refreshed.json();
  expect(next.refresh_token).not.toBe(issued.refresh_token);

  expect((await request.post('/api/auth/revoke', { form: { token: next.refresh_token } })).status()).toBe(200);
  const after = await request.get('/api/users/me', { headers: { authorization: `Bearer ${next.access_token}` } });
  expect(after.status()).toBe(401);
  expect(after.headers()['www-authenticate']).toContain('error="invalid_token"');
});

test('wrong credentials get a stable RFC 6749 error', async ({ request }) => {
  const response = await request.post('/api/auth/token', {
    form: { grant_type: 'password', username: 'demo@example.com', password: 'wrong-password' },
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'Incorrect email or password.' });
});

test('the API ignores session cookies and grants no cross-origin access', async ({ page, request }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('demo@example.com');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const withCookies = await page.request.get('/api/users/me', { headers: { origin: 'https://evil.example' } });
  expect(withCookies.status()).toBe(401);
  expect(withCookies.headers()['access-control-allow-origin']).toBeUndefined();
  expect(withCookies.headers()['access-control-allow-credentials']).toBeUndefined();

  const preflight = await request.fetch('/api/auth/token', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
  expect(preflight.headers()['access-control-allow-origin']).toBeUndefined();
});

test('health, OpenAPI document and key set are served', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
  const openapi = await request.get('/api/openapi.json');
  expect((await openapi.json()).openapi).toMatch(/^3\.1\./);
  // HS256 (the default) is never published; the provider's ES256 key for ID tokens is.
  const jwks = await request.get('/.well-known/jwks.json');
  expect(await jwks.json()).toEqual({ keys: [expect.objectContaining({ kty: 'EC', alg: 'ES256', use: 'sig' })] });
  expect(JSON.stringify(await jwks.json())).not.toMatch(/"[dk]":/);
  const discovery = await request.get('/.well-known/openid-configuration');
  expect(await discovery.json()).toMatchObject({ issuer: new URL(health.url()).origin, code_challenge_methods_supported: ['S256'] });
});
