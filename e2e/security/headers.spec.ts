import { expect } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_USER, GOOD_PASSWORD, signIn, signUp, submitSignIn, uniqueEmail } from '../helpers/accounts';
import { test } from '../helpers/devices';
import { expectHydrated } from '../helpers/pages';
import { cspDirectives, expectPageSecurityHeaders, recordCspViolations, scriptNonce } from '../helpers/security-headers';

// What a browser is told about every page: a nonce-based Content-Security-Policy, no framing, no
// sniffing, trimmed referrers, no device features, and no caching of authenticated pages. And
// that the policy breaks nothing: every page hydrates without a single violation.

const PUBLIC_PAGES = ['/', '/login', '/signup'];
const USER_PAGES = ['/dashboard', '/settings', '/settings/sessions', '/settings/security', '/settings/activity'];
const ADMIN_PAGES = ['/admin', '/admin/users', '/admin/events'];

test.describe('security headers', () => {
  test('public pages send every security header, and no HSTS over http', async ({ request }) => {
    for (const path of [...PUBLIC_PAGES, '/no-such-page']) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(path === '/no-such-page' ? 404 : 200);
      expectPageSecurityHeaders(response.headers());
      expect(response.headers(), path).not.toHaveProperty('strict-transport-security');
      expect(cspDirectives(response.headers()['content-security-policy']).has('upgrade-insecure-requests')).toBe(false);
    }
  });

  test('pages whose address carries a mailed token send Referrer-Policy: same-origin', async ({ request }) => {
    for (const path of ['/reset-password?token=x', '/reset-password', '/verify-email?token=x']) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()['referrer-policy'], path).toBe('same-origin');
    }
  });

  test('leaving the reset page for another site sends no Referer; leaving another page sends the origin only', async ({ page, baseURL }) => {
    let referer: string | undefined;
    await page.route('http://elsewhere.test/**', async (route) => {
      referer = (await route.request().allHeaders()).referer;
      await route.fulfill({ contentType: 'text/html', body: '<p>elsewhere</p>' });
    });
    for (const [path, expected] of [
      ['/login?next=%2Fsettings', `${baseURL}/`],
      ['/reset-password?token=a-token-from-a-mail', undefined],
    ] as const) {
      referer = 'not requested';
      await page.goto(path);
      await page.evaluate(() => location.assign('http://elsewhere.test/'));
      await expect(page.getByText('elsewhere')).toBeVisible();
      expect(referer, path).toBe(expected);
    }
  });

  test('the nonce is new on every request and is the one on every script of the page', async ({ request }) => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await request.get('/login');
      const nonce = scriptNonce(response.headers()['content-security-policy']);
      nonces.add(nonce);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  test('a redirect to sign in carries the headers and is not cached', async ({ request }) => {
    const response = await request.get('/dashboard', { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expectPageSecurityHeaders(response.headers());
    expect(response.headers()['cache-control']).toBe('no-store');
  });

  test('authenticated pages send the headers and Cache-Control: no-store; so does signing in', async ({ page }) => {
    test.slow(); // a journey through every page
    await page.goto('/signup');
    const email = uniqueEmail('headers');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Confirm password').fill(GOOD_PASSWORD);
    // The Server Action's answer sets the session cookies: it must not be cached either.
    const [signUpResponse] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/signup')),
      page.getByRole('button', { name: 'Sign up' }).click(),
    ]);
    expect(await signUpResponse.headerValue('set-cookie')).toContain('latchkey_access=');
    expect(signUpResponse.headers()['cache-control']).toContain('no-store');
    await expect(page).toHaveURL(/\/dashboard$/);

    for (const path of USER_PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      const headers = response?.headers() ?? {};
      expectPageSecurityHeaders(headers);
      expect(headers['cache-control'], path).toContain('no-store');
    }
  });

  test('no Content-Security-Policy violation while signing in and using every page; React hydrates', async ({ page }) => {
    test.slow(); // a journey through every page
    const violations = await recordCspViolations(page);

    for (const path of PUBLIC_PAGES) {
      await page.goto(path);
      await expectHydrated(page);
    }
    // Client-side behaviour works: after a failed sign-in, focus moves to the error.
    await page.goto('/login');
    await expectHydrated(page);
    await submitSignIn(page, DEMO_USER, 'wrong-password');
    await expect(page.locator('main').getByRole('alert')).toBeFocused();

    await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
    for (const path of [...USER_PAGES, ...ADMIN_PAGES]) {
      await page.goto(path);
      await expectHydrated(page);
    }
    await page.goto('/admin/users');
    await page.getByLabel('Search').fill(DEMO_USER);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: DEMO_USER }).click();
    await expect(page).toHaveURL(/\/admin\/users\/[^/]+$/);
    await expectHydrated(page);
    // Client-side navigation (a Link, fetched as RSC) works under the policy too.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('user-email')).toHaveText(DEMO_ADMIN);

    expect(violations).toEqual([]);
  });

  test('the sessions page buttons work under the policy', async ({ newDevice }) => {
    const email = uniqueEmail('csp-sessions');
    const { page } = await newDevice();
    const second = await newDevice();
    const violations = await recordCspViolations(page);
    await signUp(page, email);
    await signIn(second.page, email, GOOD_PASSWORD);

    await page.goto('/settings/sessions');
    await expectHydrated(page);
    const sessions = page.getByTestId('session');
    await expect(sessions).toHaveCount(2);
    await sessions.getByRole('button', { name: /^Sign out / }).click();
    await expect(sessions).toHaveCount(1);
    expect(violations).toEqual([]);
  });

  test('an injected inline event handler does not run', async ({ page }) => {
    const violations = await recordCspViolations(page);
    await page.goto('/login');
    await expectHydrated(page);
    // As if an attacker had slipped markup into the page: inline code without the nonce.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src="data:," alt="" onerror="window.__injected = true">');
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  });

  test('the API keeps its own headers: no-store on tokens, nosniff everywhere', async ({ request }) => {
    const token = await request.post('/api/auth/token', {
      form: { grant_type: 'password', username: DEMO_USER, password: DEMO_PASSWORD },
    });
    expect(token.status()).toBe(200);
    expect(token.headers()['cache-control']).toBe('no-store');
    expect(token.headers()['x-content-type-options']).toBe('nosniff');
    expect(token.headers()).not.toHaveProperty('x-powered-by');
    const health = await request.get('/api/health');
    expect(health.headers()['cache-control']).toBe('no-store');
    expect(health.headers()['x-content-type-options']).toBe('nosniff');
  });
});
