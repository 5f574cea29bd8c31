import { expect } from '@playwright/test';
import { signOut, signUp, uniqueEmail } from './helpers/accounts';
import { accessCookie, sessionCookies } from './helpers/cookies';
import { test } from './helpers/devices';
import { appUrl } from './helpers/pages';

test.describe('sign-out', () => {
  test('signing out goes to /login, clears both cookies and locks the dashboard', async ({ page, context, baseURL }) => {
    const email = uniqueEmail('signout');
    await signUp(page, email);

    await signOut(page);
    await expect(page).toHaveURL(appUrl(baseURL, '/login'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    const header = page.locator('header');
    await expect(header.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expect(header.getByText(email)).toHaveCount(0);
    await expect(header.getByRole('link', { name: 'Sign in' })).toBeVisible();
    const { access, refresh } = await sessionCookies(context);
    expect(access).toBeUndefined();
    expect(refresh).toBeUndefined();

    await page.goto('/dashboard');
    await expect(page).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
  });

  test('a copied access token stops working once its session is signed out', async ({ page, context, newDevice, baseURL }) => {
    const email = uniqueEmail('revoked');
    await signUp(page, email);
    const stolen = await accessCookie(context);

    // Another browser holding only a copy of the access cookie.
    const { context: thief, page: thiefPage } = await newDevice();
    await thief.addCookies([stolen]);

    // Control: the copy works while the session is live.
    await thiefPage.goto('/dashboard');
    await expect(thiefPage).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(thiefPage.getByTestId('user-email')).toHaveText(email);

    await signOut(page);

    // The JWT has not expired (15 minutes), but its session is revoked in the database.
    const { exp } = JSON.parse(Buffer.from(stolen.value.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
    expect(exp).toBeGreaterThan(Date.now() / 1000 + 60);
    await thiefPage.goto('/dashboard');
    await expect(thiefPage).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
    await expect(thiefPage.getByTestId('user-email')).toHaveCount(0);
    await expect(thiefPage.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  });

  test('a copied access token added to a fresh context after sign-out is refused', async ({ page, context, newDevice, baseURL }) => {
    await signUp(page, uniqueEmail('revoked-fresh'));
    const stolen = await accessCookie(context);
    await signOut(page);

    const { context: fresh, page: freshPage } = await newDevice();
    await fresh.addCookies([stolen]);
    await freshPage.goto('/dashboard');
    await expect(freshPage).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
    await freshPage.goto('/admin');
    await expect(freshPage).toHaveURL(appUrl(baseURL, '/login?next=%2Fadmin'));
  });

  test('signing out one session leaves the same user signed in elsewhere', async ({ page, newDevice, baseURL }) => {
    const email = uniqueEmail('two-devices');
    await signUp(page, email);

    const { page: laptopPage } = await newDevice();
    await laptopPage.goto('/login');
    await laptopPage.getByLabel('Email').fill(email);
    await laptopPage.getByLabel('Password').fill('correct-horse-battery');
    await laptopPage.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(laptopPage).toHaveURL(appUrl(baseURL, '/dashboard'));

    await signOut(page);

    await laptopPage.reload();
    await expect(laptopPage).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(laptopPage.getByTestId('user-email')).toHaveText(email);
  });
});
