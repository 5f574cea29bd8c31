import { createHmac } from 'node:crypto';
import { type Cookie, expect } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_USER, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { accessCookie } from './helpers/cookies';
import { type NewDevice, test } from './helpers/devices';
import { appUrl } from './helpers/pages';
import { decodeJwtPart, encodeJwtPart, splitJwt } from './helpers/tokens';

test.describe('anonymous visitors', () => {
  for (const path of ['/dashboard', '/admin']) {
    test(`${path} redirects to /login with next=${path}`, async ({ page, baseURL }) => {
      await page.goto(path);
      await expect(page).toHaveURL(appUrl(baseURL, `/login?next=${encodeURIComponent(path)}`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
      await expect(page.locator('main input[type="hidden"][name="next"]')).toHaveValue(path);
    });
  }

  test('the landing page links to sign-in and sign-up', async ({ page, baseURL }) => {
    await page.goto('/');
    const main = page.locator('main');
    await expect(main.getByRole('heading', { level: 1 })).toHaveText('Latchkey');
    await main.getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(appUrl(baseURL, '/login'));
    await page.goto('/');
    await main.getByRole('link', { name: 'Sign up' }).click();
    await expect(page).toHaveURL(appUrl(baseURL, '/signup'));
  });
});

test.describe('roles', () => {
  test('a USER gets a 403 page on /admin', async ({ page }) => {
    await signIn(page, DEMO_USER, DEMO_PASSWORD);
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('403: Access denied');
    await expect(page.getByRole('heading', { name: 'Admin', exact: true })).toHaveCount(0);
  });

  test('a new account is a USER and gets 403 on /admin', async ({ page }) => {
    await signUp(page, uniqueEmail('not-admin'));
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('403: Access denied');
  });

  test('an ADMIN sees the Admin page', async ({ page }) => {
    await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admin');
    await expect(page.getByText('403: Access denied')).toHaveCount(0);
  });
});

test('the header shows the email and Sign out on every page when signed in', async ({ page }) => {
  await signIn(page, DEMO_USER, DEMO_PASSWORD);
  for (const path of ['/', '/dashboard', '/admin']) {
    await page.goto(path);
    const header = page.locator('header');
    await expect(header.getByText(DEMO_USER, { exact: true }), path).toBeVisible();
    await expect(header.getByRole('button', { name: 'Sign out' }), path).toBeVisible();
    await expect(header.getByRole('link', { name: 'Sign in' }), path).toHaveCount(0);
  }
});

test('the header offers Sign in and Sign up when signed out', async ({ page }) => {
  for (const path of ['/', '/login', '/signup']) {
    await page.goto(path);
    const header = page.locator('header');
    await expect(header.getByRole('link', { name: 'Sign in' }), path).toBeVisible();
    await expect(header.getByRole('link', { name: 'Sign up' }), path).toBeVisible();
    await expect(header.getByRole('button', { name: 'Sign out' }), path).toHaveCount(0);
  }
});

/** Opens a fresh device whose only cookie is an access cookie with the given value. */
async function visitWithToken(newDevice: NewDevice, original: Cookie, token: string, path: string) {
  const { context, page } = await newDevice();
  await context.addCookies([{ ...original, value: token }]);
  const response = await page.goto(path);
  return { page, response };
}

test.describe('forged access tokens', () => {
  // Each test signs up its own user, so no forged token ever touches a shared account.
  async function realToken(page: import('@playwright/test').Page) {
    await signUp(page, uniqueEmail('forge'));
    return accessCookie(page.context());
  }

  test('control: the untouched token opens the dashboard in a fresh context', async ({ page, newDevice, baseURL }) => {
    const cookie = await realToken(page);
    const { page: other } = await visitWithToken(newDevice, cookie, cookie.value, '/dashboard');
    await expect(other).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(other.getByTestId('user-role')).toHaveText('USER');
  });

  test('one changed character in the signature is refused', async ({ page, newDevice, baseURL }) => {
    const cookie = await realToken(page);
    const { header, payload, signature } = splitJwt(cookie.value);
    // Change a character in the middle: the last one carries padding bits and may decode the same.
    const index = 10;
    const swapped = signature[index] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature.slice(0, index)}${swapped}${signature.slice(index + 1)}`;
    expect(tampered).not.toBe(cookie.value);

    const { page: other } = await visitWithToken(newDevice, cookie, tampered, '/dashboard');
    await expect(other).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
    await expect(other.getByTestId('user-email')).toHaveCount(0);
  });

  test('an unsigned token (alg none) is refused', async ({ page, newDevice, baseURL }) => {
    const cookie = await realToken(page);
    const { payload } = splitJwt(cookie.value);
    const unsigned = `${encodeJwtPart({ alg: 'none', typ: 'at+jwt' })}.${payload}.`;

    const { page: other } = await visitWithToken(newDevice, cookie, unsigned, '/dashboard');
    await expect(other).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
    await expect(other.getByTestId('user-email')).toHaveCount(0);
  });

  test('a payload promoted to ADMIN under the old signature is refused on /admin', async ({ page, newDevice, baseURL }) => {
    const cookie = await realToken(page);
    const { header, payload, signature } = splitJwt(cookie.value);
    const promoted = encodeJwtPart({ ...decodeJwtPart(payload), role: 'ADMIN' });

    const { page: other, response } = await visitWithToken(newDevice, cookie, `${header}.${promoted}.${signature}`, '/admin');
    expect(response?.status()).toBe(200);
    await expect(other).toHaveURL(appUrl(baseURL, '/login?next=%2Fadmin'));
    await expect(other.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  });

  test('a token signed with another secret is refused', async ({ page, newDevice, baseURL }) => {
    const cookie = await realToken(page);
    const { header, payload } = splitJwt(cookie.value);
    const forgedSignature = createHmac('sha256', 'an-attacker-chosen-secret-of-32-bytes!!')
      .update(`${header}.${payload}`)
      .digest('base64url');

    const { page: other } = await visitWithToken(newDevice, cookie, `${header}.${payload}.${forgedSignature}`, '/dashboard');
    await expect(other).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
  });

  test('garbage in the access cookie is treated as signed out, not as an error', async ({ page, newDevice, baseURL }) => {
    const cookie = await realToken(page);
    const { page: other, response } = await visitWithToken(newDevice, cookie, 'not.a.jwt', '/dashboard');
    expect(response?.status()).toBe(200);
    await expect(other).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
  });
});
