import { expect, test } from '@playwright/test';
import { signUp, uniqueEmail } from './helpers/accounts';
import { RESET_SUBJECT, VERIFY_SUBJECT, linkFromMail } from './helpers/mail';
import { SCREENS, waitForHydratedForm } from './helpers/pages';
import { advanceServerClock } from './helpers/server-clock';

// Expired mail links, on the server whose clock the tests move forward (e2e/movable-clock.mjs).

test('an expired reset link gets a clear page with a way to ask again', async ({ page }) => {
  const email = uniqueEmail('reset-expired');
  await signUp(page, email);
  await page.context().clearCookies();
  await page.goto('/forgot-password');
  await waitForHydratedForm(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText('If an account exists for that email, we sent a link.');
  const link = await linkFromMail(page, email, RESET_SUBJECT, '/reset-password');

  await advanceServerClock(31 * 60);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset link not valid');
  await expect(page.getByTestId('link-problem')).toHaveText('This link has expired. Links like it work for 30 minutes.');
  await page.screenshot({ path: `${SCREENS}/reset-link-expired.png`, fullPage: true });
  await page.getByRole('link', { name: 'Request a new link' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});

test('an expired verification link gets a clear page with a way to ask again', async ({ page }) => {
  const email = uniqueEmail('verify-expired');
  await signUp(page, email);
  const link = await linkFromMail(page, email, VERIFY_SUBJECT, '/verify-email');

  await advanceServerClock(25 * 3600);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verification link not valid');
  await expect(page.getByTestId('link-problem')).toHaveText('This link has expired. Links like it work for 24 hours.');
  await expect(page.getByRole('button', { name: 'Resend verification email' })).toBeVisible();
  await page.goto('/dashboard');
  await expect(page.getByTestId('verification-banner')).toBeVisible();
});
