import { expect, test } from '@playwright/test';
import { signIn, signUp, uniqueEmail } from './helpers/accounts';

// /settings/activity: a person reads their own security events in plain words, newest first.

const PASSWORD = 'correct-horse-battery';

test('the activity page lists sign-up, sign-out, a failed attempt and a sign-in, newest first', async ({ page }) => {
  const email = uniqueEmail('activity');
  await signUp(page, email, PASSWORD);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not-my-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('main').getByRole('alert')).toHaveText('Incorrect email or password.');
  await signIn(page, email, PASSWORD);

  await page.goto('/settings');
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page).toHaveURL(/\/settings\/activity$/);
  const events = page.getByTestId('event');
  await expect(events).toHaveCount(4);
  const device = /from Chrome on (Windows|Linux|macOS), \S+/;
  await expect(events.nth(0)).toContainText(/^Signed in/);
  await expect(events.nth(0)).toContainText(device);
  await expect(events.nth(1)).toContainText(/^Failed sign-in attempt/);
  await expect(events.nth(2)).toContainText(/^Signed out/);
  await expect(events.nth(3)).toContainText(/^Created the account/);
  await expect(page.getByText('Page 1 of 1')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/settings-activity.png', fullPage: true });
});

test('activity is paginated, 20 events a page, and shows only the signed-in user’s events', async ({ page, request }) => {
  // A sign-up and 21 sign-ins over the API, each a bcrypt hash: 7 s on a quiet 2-core machine, 13 s on a busy one.
  test.setTimeout(60_000);
  const email = uniqueEmail('pages');
  await signUp(page, email, PASSWORD);
  // 21 events: wrong passwords, with a right one every fourth try so throttling never starts.
  for (let attempt = 0; attempt < 21; attempt++) {
    const right = attempt % 4 === 3;
    const response = await request.post('/api/auth/token', {
      form: { grant_type: 'password', username: email, password: right ? PASSWORD : `wrong-${attempt}` },
    });
    expect(response.status()).toBe(right ? 200 : 400);
  }
  await page.goto('/settings/activity');
  await expect(page.getByTestId('event')).toHaveCount(20);
  await expect(page.getByText('Page 1 of 2')).toBeVisible();
  await page.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect(page.getByTestId('event')).toHaveCount(2);
  await expect(page.getByTestId('event').last()).toContainText(/^Created the account/);
  await page.getByRole('link', { name: 'Newer' }).click();
  await expect(page.getByTestId('event')).toHaveCount(20);

  const stranger = uniqueEmail('stranger');
  await page.context().clearCookies();
  await signUp(page, stranger, PASSWORD);
  await page.goto('/settings/activity');
  await expect(page.getByTestId('event')).toHaveCount(1);
});

test('anonymous visitors are sent to sign in', async ({ page }) => {
  await page.goto('/settings/activity');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Factivity$/);
});
