import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_USER, signIn, submitSignIn } from './helpers/accounts';
import { sessionCookies } from './helpers/cookies';
import { appUrl, waitForHydratedForm } from './helpers/pages';

const WRONG = 'Incorrect email or password.';

test('the demo account signs in and sees its dashboard', async ({ page, baseURL }) => {
  await signIn(page, DEMO_USER, DEMO_PASSWORD);
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
  await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
  await expect(page.getByTestId('user-role')).toHaveText('USER');
  const header = page.locator('header');
  await expect(header.getByText(DEMO_USER, { exact: true })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('the demo admin signs in and is shown as ADMIN', async ({ page }) => {
  await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
  await expect(page.getByTestId('user-email')).toHaveText(DEMO_ADMIN);
  await expect(page.getByTestId('user-role')).toHaveText('ADMIN');
});

test('the email is matched case-insensitively and trimmed', async ({ page }) => {
  await page.goto('/login');
  await submitSignIn(page, '  Demo@Example.COM ', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
});

test.describe('failed sign-in', () => {
  for (const [name, email, password] of [
    ['a wrong password', DEMO_USER, 'not-the-demo-password'],
    ['an unknown email', 'nobody-here@example.com', DEMO_PASSWORD],
  ] as const) {
    test(`${name} shows exactly "${WRONG}" and sets no cookie`, async ({ page, context }) => {
      await page.goto('/login');
      await submitSignIn(page, email, password);

      // Scoped to main: Next.js adds its own (empty) role=alert route announcer to every page.
      const alert = page.locator('main').getByRole('alert');
      await expect(alert).toHaveText(WRONG);
      await expect(alert).toHaveCount(1);
      // The same message for both cases: no field is singled out.
      await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByLabel('Email')).toHaveValue(email);
      await expect(page.getByLabel('Password')).toHaveValue('');
      const { access, refresh } = await sessionCookies(context);
      expect(access).toBeUndefined();
      expect(refresh).toBeUndefined();
      await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    });
  }

  test('the demo password with a different letter case is refused', async ({ page, context }) => {
    await page.goto('/login');
    await submitSignIn(page, DEMO_USER, DEMO_PASSWORD.toUpperCase());
    await expect(page.locator('main').getByRole('alert')).toHaveText(WRONG);
    expect((await sessionCookies(context)).access).toBeUndefined();
  });
});

test('the submit button is disabled and relabelled while signing in', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/login', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  await page.goto('/login');
  await waitForHydratedForm(page);
  await submitSignIn(page, DEMO_USER, DEMO_PASSWORD);

  await expect(page.getByRole('button', { name: 'Signing in…' })).toBeDisabled();
  release();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('an anonymous visit to /admin returns there after the admin signs in', async ({ page, baseURL }) => {
  await page.goto('/admin');
  await expect(page).toHaveURL(appUrl(baseURL, '/login?next=%2Fadmin'));
  await submitSignIn(page, DEMO_ADMIN, DEMO_PASSWORD);

  await expect(page).toHaveURL(appUrl(baseURL, '/admin'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admin');
});

test('next= survives a failed attempt', async ({ page, baseURL }) => {
  await page.goto('/login?next=%2Fadmin');
  await submitSignIn(page, DEMO_ADMIN, 'wrong-password-here');
  await expect(page.locator('main').getByRole('alert')).toHaveText(WRONG);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL(appUrl(baseURL, '/admin'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admin');
});

test('next= keeps the query string of a same-origin path', async ({ page, baseURL }) => {
  await page.goto(`/login?next=${encodeURIComponent('/dashboard?tab=profile')}`);
  await submitSignIn(page, DEMO_USER, DEMO_PASSWORD);
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard?tab=profile'));
  await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
});

test.describe('open-redirect attempts go to /dashboard', () => {
  for (const next of [
    '//evil.com',
    'https://evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    'javascript:alert(1)',
    ' //evil.com',
    '/\t/evil.com',
  ]) {
    test(`next=${JSON.stringify(next)}`, async ({ page, baseURL }) => {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await submitSignIn(page, DEMO_USER, DEMO_PASSWORD);
      await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
      await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
    });
  }
});

test('a signed-in user visiting /login or /signup is sent to /dashboard', async ({ page, baseURL }) => {
  await signIn(page, DEMO_USER, DEMO_PASSWORD);
  await page.goto('/login');
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
  await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
  await page.goto('/signup');
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
});

test('a signed-in user visiting /login?next=//evil.com stays on this site', async ({ page, baseURL }) => {
  await signIn(page, DEMO_USER, DEMO_PASSWORD);
  await page.goto(`/login?next=${encodeURIComponent('//evil.com')}`);
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
});
