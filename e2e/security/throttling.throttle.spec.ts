import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, submitSignUp, uniqueEmail } from '../helpers/accounts';
import { sessionCookies } from '../helpers/cookies';

// Per-address limits, on a server of their own with LOGIN_IP_MAX_ATTEMPTS=3 and SIGNUP_IP_MAX=2
// (playwright.config.ts). Every request comes from 127.0.0.1; X-Forwarded-For is forged on each,
// which must not help: with TRUST_PROXY_HOPS=0 only the connection's address counts.

test.describe.configure({ mode: 'serial' });

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 250) + 1).join('.');

test('failed sign-ins across many emails from one address are throttled, forged X-Forwarded-For or not', async ({ request }) => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = await request.post('/api/auth/token', {
      headers: { 'X-Forwarded-For': randomAddress(), 'X-Real-IP': randomAddress() },
      form: { grant_type: 'password', username: uniqueEmail('spray'), password: 'Winter2026!' },
    });
    expect(response.status()).toBe(400);
  }
  const refused = await request.post('/api/auth/token', {
    headers: { 'X-Forwarded-For': randomAddress() },
    form: { grant_type: 'password', username: uniqueEmail('spray'), password: 'Winter2026!' },
  });
  expect(refused.status()).toBe(429);
});

test('sign-ups from one address are throttled after SIGNUP_IP_MAX, and the refused one creates nothing', async ({ page }) => {
  for (let n = 0; n < 2; n++) {
    await page.context().clearCookies();
    await page.goto('/signup');
    await submitSignUp(page, { email: uniqueEmail('burst'), password: GOOD_PASSWORD });
    await expect(page).toHaveURL(/\/dashboard$/);
  }
  await page.context().clearCookies();
  await page.goto('/signup');
  await submitSignUp(page, { email: uniqueEmail('burst'), password: GOOD_PASSWORD });
  await expect(page.locator('main').getByRole('alert')).toHaveText(/^Too many attempts, try again in \d+ minutes?\.$/);
  expect((await sessionCookies(page.context())).access).toBeUndefined();
  await page.screenshot({ path: 'test-results/screens/signup-throttled.png', fullPage: true });
});
