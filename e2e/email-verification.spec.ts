import { type Page, expect, test } from '@playwright/test';
import { VERIFY_SUBJECT, countMail, linkFromMail, mailLink, openMail } from './mail-support';
import { SCREENS } from './sessions-support';
import { DEMO_PASSWORD, DEMO_USER, signIn, signUp, submitSignUp, uniqueEmail, waitForHydratedForm } from './support';

// Verifying the email address through mail read in the dev outbox. Tests tagged
// @verification-required run on the server started with REQUIRE_EMAIL_VERIFICATION=1.

const banner = (page: Page) => page.getByTestId('verification-banner');
const resendButton = (page: Page) => page.getByRole('button', { name: 'Resend verification email' });

async function resend(page: Page, expected: RegExp): Promise<void> {
  await waitForHydratedForm(page);
  await resendButton(page).click();
  await expect(page.getByText(expected)).toBeVisible();
}

test('after sign-up a verification mail arrives; its link verifies the address and the banner goes', async ({ page }) => {
  const email = uniqueEmail('verify');
  await signUp(page, email);
  await expect(banner(page)).toContainText(`We sent a link to ${email}`);
  await expect(resendButton(page)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/verification-banner.png`, fullPage: true });

  await page.goto('/dev/outbox');
  await expect(page.getByTestId('mail').filter({ hasText: email })).toContainText(VERIFY_SUBJECT);
  await page.screenshot({ path: `${SCREENS}/dev-outbox.png`, fullPage: true });
  await openMail(page, email, VERIFY_SUBJECT);
  await expect(page.getByTestId('mail-text')).toContainText('The link works once and expires in 24 hours.');
  await page.screenshot({ path: `${SCREENS}/dev-outbox-message.png`, fullPage: true });

  // The HTML version is a page of its own, sandboxed by its Content-Security-Policy.
  // Its response is caught as it arrives: reloading a popup whose first load is still running races it.
  const [htmlPage, response] = await Promise.all([
    page.waitForEvent('popup'),
    page.context().waitForEvent('response', (candidate) => new URL(candidate.url()).pathname.endsWith('/html')),
    page.getByRole('link', { name: 'Open the HTML version' }).click(),
  ]);
  expect(response.headers()['content-security-policy']).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none';/);
  await expect(htmlPage.getByRole('link', { name: 'Verify email address' })).toBeVisible();
  await htmlPage.screenshot({ path: `${SCREENS}/dev-outbox-message-html.png` });
  await htmlPage.close();

  await mailLink(page, '/verify-email').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email verified');
  await expect(page.getByRole('status')).toHaveText('Your email address is verified. Thank you.');
  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await expect(banner(page)).toHaveCount(0);

  // The same link again, by the verified owner: nothing to fix.
  await openMail(page, email, VERIFY_SUBJECT);
  await mailLink(page, '/verify-email').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email verified');
});

test('resending replaces the earlier link, a replaced link gets a clear page, and resending is throttled', async ({ page }) => {
  const email = uniqueEmail('resend');
  await signUp(page, email);
  const first = await linkFromMail(page, email, VERIFY_SUBJECT, '/verify-email');

  await page.goto('/dashboard');
  await resend(page, new RegExp(`We sent a new link to ${email}`));
  await expect.poll(() => countMail(page, email, VERIFY_SUBJECT), { timeout: 15_000 }).toBe(2);

  await page.goto(first);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verification link not valid');
  await expect(page.getByTestId('link-problem')).toHaveText(
    'This link has already been used, or a newer link has replaced it. Each link works once.',
  );
  await expect(resendButton(page)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/verify-link-used.png`, fullPage: true });

  // Two more are fine; the fourth within the hour must wait.
  await page.goto('/dashboard');
  await resend(page, /We sent a new link/);
  await page.goto('/dashboard');
  await resend(page, /We sent a new link/);
  await page.goto('/dashboard');
  await resend(page, /Too many attempts, try again in 1 minute\./);
  await expect(banner(page).getByRole('alert')).toBeVisible();

  await expect.poll(() => countMail(page, email, VERIFY_SUBJECT), { timeout: 15_000 }).toBe(4);
  await openMail(page, email, VERIFY_SUBJECT);
  await mailLink(page, '/verify-email').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email verified');
});

test('a tampered link gets a clear page with a way to ask again', async ({ page }) => {
  await page.goto('/verify-email?token=not-a-real-token');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verification link not valid');
  await expect(page.getByTestId('link-problem')).toContainText('This link is not valid.');
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in' })).toBeVisible();

  const email = uniqueEmail('tamper');
  await signUp(page, email);
  const link = new URL(await linkFromMail(page, email, VERIFY_SUBJECT, '/verify-email'));
  const token = link.searchParams.get('token')!;
  link.searchParams.set('token', `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`);
  await page.goto(link.toString());
  await expect(page.getByTestId('link-problem')).toContainText('This link is not valid.');
  await expect(resendButton(page)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/verify-link-invalid.png`, fullPage: true });
  await page.goto('/dashboard');
  await expect(banner(page)).toBeVisible();
});

test('demo accounts are verified and see no banner', async ({ page }) => {
  await signIn(page, DEMO_USER, DEMO_PASSWORD);
  await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
  await expect(banner(page)).toHaveCount(0);
});

test('@verification-required protected pages wait until the address is verified', async ({ page }) => {
  const email = uniqueEmail('required');
  await page.goto('/signup');
  await submitSignUp(page, { email, password: 'correct-horse-battery' });
  await expect(page).toHaveURL(/\/verify-email$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verify your email address');
  await expect(page.getByRole('main')).toContainText(`We sent a link to ${email}.`);
  await expect(resendButton(page)).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/verify-required.png`, fullPage: true });

  for (const path of ['/dashboard', '/settings', '/settings/sessions']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/verify-email$/);
  }
  await resend(page, new RegExp(`We sent a new link to ${email}`));

  await openMail(page, email, VERIFY_SUBJECT);
  await mailLink(page, '/verify-email').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email verified');
  await page.goto('/settings/sessions');
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await page.goto('/dashboard');
  await expect(page.getByTestId('user-email')).toHaveText(email);
});
