import { type Page, expect, test } from '@playwright/test';
import { GOOD_PASSWORD, signUp, submitSignIn, submitSignUp, uniqueEmail } from '../helpers/accounts';
import { waitForHydratedForm } from '../helpers/pages';
import { OUTAGE_CONTROL_URL } from '../helpers/server-addresses';

// Latchkey on PostgreSQL behind a proxy that can take the database away
// (e2e/servers/postgres-outage.mjs). While it is gone, protected pages answer 503 with a page
// that says so, the forms say the service is unavailable, and nothing shows a stack trace. When
// it is back, everything works again by itself, and the session is still valid.

const SCREENS = 'test-results/screens';
const UNAVAILABLE_FORM_ERROR = "The service is unavailable: Latchkey can't reach its database right now. Please try again in a minute.";

// Middleware's health probe answers for a second (lib/db/health.ts): after a cut, wait that out
// so that the next protected page sees the outage.
const PROBE_INTERVAL_MS = 1000;

async function database(action: 'cut' | 'restore', page?: Page): Promise<void> {
  const response = await fetch(`${OUTAGE_CONTROL_URL}/${action}`, { method: 'POST' });
  expect(response.ok, `database proxy ${action}`).toBe(true);
  if (action === 'cut') await page?.waitForTimeout(PROBE_INTERVAL_MS + 100);
}

async function expectNoErrorDetails(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\bat \S+ \(|ECONNREFUSED|Prisma|stack|Internal Server Error/i);
}

// One server, one database: these journeys take turns.
test.describe.configure({ mode: 'serial' });

test.afterEach(async () => {
  await database('restore');
});

test('while the database is down, protected pages answer 503 and the session survives the outage', async ({ page, context }) => {
  const email = uniqueEmail('outage');
  await signUp(page, email);
  const cookiesBefore = await context.cookies();

  await database('cut', page);
  for (const path of ['/dashboard', '/settings/sessions', '/admin']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(503);
    expect(response?.headers()['cache-control'], path).toBe('no-store');
    expect(response?.headers()['retry-after'], path).toBe('5');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Temporarily unavailable');
    await expect(page.getByText("Latchkey can't reach its database right now")).toBeVisible();
    // Neither signed in nor out while the session cannot be checked: no account links.
    await expect(page.getByRole('banner').getByRole('link', { name: /Sign (in|up)|Dashboard/ })).toHaveCount(0);
    await expectNoErrorDetails(page);
  }
  // The URL is still the page asked for, and the retry link goes back to it.
  await page.goto('/settings/sessions');
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/settings/sessions');
  await page.screenshot({ path: `${SCREENS}/unavailable-503.png`, fullPage: true });
  // Public pages still render, and the cookies were left alone.
  expect((await page.goto('/'))?.status()).toBe(200);
  expect(await context.cookies()).toEqual(cookiesBefore);

  await database('restore');
  // Service resumes by itself (within the probe's second), without signing in again.
  await expect
    .poll(async () => (await page.goto('/settings/sessions'))?.status(), { timeout: 15_000 })
    .toBe(200);
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
});

test('while the database is down, sign-in and sign-up say the service is unavailable', async ({ page }) => {
  const email = uniqueEmail('outage-form');
  await signUp(page, email);
  await page.context().clearCookies();

  await database('cut', page);
  // Signed-in or not, the sign-in page itself renders: it asks the database nothing it needs.
  const loginPage = await page.goto('/login');
  expect(loginPage?.status()).toBe(200);
  await submitSignIn(page, email, GOOD_PASSWORD);
  const alert = page.locator('main').getByRole('alert');
  await expect(alert).toHaveText(UNAVAILABLE_FORM_ERROR);
  // Focus moves to the message, as for any form error; the email is kept.
  await expect(alert).toBeFocused();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page).toHaveURL(/\/login$/);
  await expectNoErrorDetails(page);
  await page.screenshot({ path: `${SCREENS}/login-unavailable.png`, fullPage: true });

  await page.goto('/signup');
  await submitSignUp(page, { email: uniqueEmail('outage-new'), password: GOOD_PASSWORD });
  await expect(page.locator('main').getByRole('alert')).toHaveText(UNAVAILABLE_FORM_ERROR);
  await expectNoErrorDetails(page);

  // So does asking for a reset link: its throttle is counted in the database too.
  await page.goto('/forgot-password');
  await waitForHydratedForm(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.locator('main').getByRole('alert')).toHaveText(UNAVAILABLE_FORM_ERROR);
  await expectNoErrorDetails(page);

  // The API says so in its own way.
  const token = await page.request.post('/api/auth/token', { form: { grant_type: 'password', username: email, password: GOOD_PASSWORD } });
  expect(token.status()).toBe(503);
  expect(await token.json()).toMatchObject({ error: 'temporarily_unavailable' });

  await database('restore');
  await page.goto('/login');
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('user-email')).toHaveText(email);
});

test('a session whose access token needs refreshing during the outage keeps working afterwards', async ({ page, context }) => {
  await signUp(page, uniqueEmail('outage-refresh'));
  // Without its access token, the next page must refresh, which needs the database.
  const refresh = (await context.cookies()).filter((cookie) => cookie.name === 'latchkey_refresh');
  await context.clearCookies();
  await context.addCookies(refresh);

  await database('cut', page);
  expect((await page.goto('/dashboard'))?.status()).toBe(503);
  expect((await page.goto('/'))?.status()).toBe(200);
  // The refresh cookie was not cleared by the failed refresh.
  expect((await context.cookies()).map((cookie) => cookie.name)).toContain('latchkey_refresh');

  await database('restore');
  await expect.poll(async () => (await page.goto('/dashboard'))?.status(), { timeout: 15_000 }).toBe(200);
  await expect(page).toHaveURL(/\/dashboard$/);
});
