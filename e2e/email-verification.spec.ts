import { type Page, expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USER, signIn, signUp, submitSignUp, uniqueEmail } from './helpers/accounts';
import { VERIFY_SUBJECT, countMail, linkFromMail, mailLink, openMail } from './helpers/mail';
import { SCREENS, waitForHydratedForm } from './helpers/pages';

// Verifying the email address through mail read in the dev outbox. Tests tagged
// @verification-required run on the server started with REQUIRE_EMAIL_VERIFICATION=1.

const banner = (page: Page) => page.getByTestId('verification-banner');
const resendButton = (page: Page) => page.getByRole('button', { name: 'Resend verification email' });
const confirmButton = (page: Page) => page.getByRole('button', { name: 'Confirm email address' });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** On the page a verification link opened: the question, then the button that answers it. */
async function confirmEmail(page: Page): Promise<void> {
  await expect(heading(page)).toHaveText('Confirm your email address');
  await confirmButton(page).click();
  await expect(heading(page)).toHaveText('Email verified');
}

async function resend(page: Page, expected: RegExp): Promise<void> {
  await waitForHydratedForm(page);
  await resendButton(page).click();
  await expect(page.getByText(expected)).toBeVisible();
}

test('after sign-up a verification mail arrives; its link leads to a button that verifies the address, and the banner goes', async ({ page }) => {
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

  // Opening the link asks; only the button verifies.
  await mailLink(page, '/verify-email').click();
  await expect(heading(page)).toHaveText('Confirm your email address');
  await expect(page.getByRole('main')).toContainText(`Confirm that ${email} is your email address.`);
  await page.screenshot({ path: `${SCREENS}/verify-confirm.png`, fullPage: true });
  const link = page.url();
  await page.goto('/dashboard');
  await expect(banner(page)).toBeVisible();
  await page.goto(link);
  await confirmEmail(page);
  await expect(page.getByRole('status')).toHaveText('Your email address is verified. Thank you.');
  await page.screenshot({ path: `${SCREENS}/verify-done.png`, fullPage: true });
  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await expect(banner(page)).toHaveCount(0);

  // The same link again, by the verified owner: nothing to fix.
  await openMail(page, email, VERIFY_SUBJECT);
  await mailLink(page, '/verify-email').click();
  await expect(heading(page)).toHaveText('Email verified');
  await expect(confirmButton(page)).toHaveCount(0);
});

test('opening a verification link changes nothing: a mail scanner leaves the address unverified and the link usable', async ({ page, request }) => {
  const email = uniqueEmail('scanner');
  await signUp(page, email);
  const link = await linkFromMail(page, email, VERIFY_SUBJECT, '/verify-email');

  // A mail scanner fetches the link (no cookies, no JavaScript), sometimes more than once.
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await request.get(link);
    expect(response.status()).toBe(200);
    // The page's heading, not the payload the form may switch to (which names every outcome).
    const title = /<h1 [^>]*>([^<]*)<\/h1>/.exec(await response.text())?.[1];
    expect(title).toBe('Confirm your email address');
    expect((await request.head(link)).status()).toBe(200);
  }
  await page.goto('/dashboard');
  await expect(banner(page)).toBeVisible();

  // The owner follows the same link afterwards: it still works, and the button verifies.
  await page.goto(link);
  await confirmEmail(page);
  await page.goto('/dashboard');
  await expect(banner(page)).toHaveCount(0);
  // Used now: the scanner's next visit gets the used-link page and still changes nothing.
  expect(await (await request.get(link)).text()).toMatch(/<h1 [^>]*>Verification link not valid<\/h1>/);
});

test('the confirm button works from the keyboard', async ({ page }) => {
  const email = uniqueEmail('keyboard');
  await signUp(page, email);
  await page.goto(await linkFromMail(page, email, VERIFY_SUBJECT, '/verify-email'));
  await waitForHydratedForm(page);
  await expect(heading(page)).toHaveText('Confirm your email address');
  // Tab from the top of the page until the button has focus; Enter presses it.
  await expect(async () => {
    await page.keyboard.press('Tab');
    await expect(confirmButton(page)).toBeFocused({ timeout: 100 });
  }).toPass({ timeout: 10_000 });
  await page.screenshot({ path: `${SCREENS}/verify-confirm-focus.png`, fullPage: true });
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('Email verified');
});

test('resending replaces the earlier link, a replaced link gets a clear page, and resending is throttled', async ({ page }) => {
  // A sign-up and three resends, waited for in the outbox: 6 s on a quiet 2-core machine, 11 s on a busy one.
  test.setTimeout(45_000);
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
  await confirmEmail(page);
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
  await confirmEmail(page);
  await page.goto('/settings/sessions');
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await page.goto('/dashboard');
  await expect(page.getByTestId('user-email')).toHaveText(email);
});
