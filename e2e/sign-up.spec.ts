import { type Page, expect } from '@playwright/test';
import { DEMO_USER, GOOD_PASSWORD, submitSignUp, uniqueEmail } from './helpers/accounts';
import { sessionCookies } from './helpers/cookies';
import { test } from './helpers/devices';
import { appUrl, waitForHydratedForm } from './helpers/pages';

/** The message is visible, is the field's accessible description, and marks the field invalid. */
async function expectFieldError(page: Page, label: string, message: string | RegExp): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message instanceof RegExp ? message : new RegExp(escape(message)));
  const errorId = `field-${await field.getAttribute('name')}-error`;
  await expect(field).toHaveAttribute('aria-describedby', new RegExp(`(^|\\s)${errorId}(\\s|$)`));
  if (message instanceof RegExp) await expect(page.locator(`#${errorId}`)).toHaveText(message);
  else await expect(page.locator(`#${errorId}`)).toHaveText(message);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function expectNoFieldError(page: Page, label: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`#field-${await field.getAttribute('name')}-error`)).toHaveCount(0);
}

test.describe('sign-up', () => {
  test('a new account lands on the dashboard, signed in as a USER', async ({ page, context, baseURL }) => {
    const email = uniqueEmail('signup');
    await page.goto('/signup');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your account');
    await submitSignUp(page, { email, password: GOOD_PASSWORD });

    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(page.getByTestId('user-email')).toHaveText(email);
    await expect(page.getByTestId('user-role')).toHaveText('USER');
    const header = page.locator('header');
    await expect(header.getByText(email, { exact: true })).toBeVisible();
    await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();
    const { access, refresh } = await sessionCookies(context);
    expect(access?.value).toBeTruthy();
    expect(refresh?.value).toBeTruthy();
  });

  test('an invalid email is refused next to the Email field and kept', async ({ page, context }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: 'not-an-email', password: GOOD_PASSWORD });

    await expectFieldError(page, 'Email', 'Enter a valid email address, like name@example.com.');
    await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
    await expectNoFieldError(page, 'Password');
    await expectNoFieldError(page, 'Confirm password');
    await expect(page).toHaveURL(/\/signup$/);
    expect((await sessionCookies(context)).access).toBeUndefined();
  });

  test('a password shorter than 8 characters is refused next to the Password field', async ({ page, context }) => {
    const email = uniqueEmail('short');
    await page.goto('/signup');
    await submitSignUp(page, { email, password: 'short12' });

    await expectFieldError(page, 'Password', 'Password must be at least 8 characters.');
    // The hint stays part of the description, the error is added to it.
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute(
      'aria-describedby',
      'field-password-hint field-password-error',
    );
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await expectNoFieldError(page, 'Email');
    await expectNoFieldError(page, 'Confirm password');
    expect((await sessionCookies(context)).access).toBeUndefined();
  });

  test('a password over 72 UTF-8 bytes is refused, even when it has fewer than 72 characters', async ({ page, context }) => {
    const email = uniqueEmail('long');
    // 40 characters, 80 bytes in UTF-8.
    const password = 'ü'.repeat(40);
    await page.goto('/signup');
    await submitSignUp(page, { email, password });

    await expectFieldError(page, 'Password', /at most 72 bytes/);
    await expect(page.getByLabel('Email')).toHaveValue(email);
    expect((await sessionCookies(context)).access).toBeUndefined();
  });

  test('a 73-byte ASCII password is refused', async ({ page }) => {
    const email = uniqueEmail('long-ascii');
    await page.goto('/signup');
    await submitSignUp(page, { email, password: 'a'.repeat(73) });

    await expectFieldError(page, 'Password', /at most 72 bytes/);
    await expect(page.getByLabel('Email')).toHaveValue(email);
  });

  test('a password of exactly 72 bytes is accepted', async ({ page, baseURL }) => {
    const email = uniqueEmail('exact72');
    await page.goto('/signup');
    await submitSignUp(page, { email, password: 'b'.repeat(72) });

    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(page.getByTestId('user-email')).toHaveText(email);
  });

  test('a confirmation that does not match is refused next to Confirm password', async ({ page, context }) => {
    const email = uniqueEmail('mismatch');
    await page.goto('/signup');
    await submitSignUp(page, { email, password: GOOD_PASSWORD, confirmPassword: `${GOOD_PASSWORD}!` });

    await expectFieldError(page, 'Confirm password', 'Passwords do not match.');
    await expectNoFieldError(page, 'Password');
    await expectNoFieldError(page, 'Email');
    await expect(page.getByLabel('Email')).toHaveValue(email);
    expect((await sessionCookies(context)).access).toBeUndefined();
  });

  // The schema means to report a mismatch together with the other fields' errors
  // (lib/auth/credentials.ts), so a person does not fix the password only to be told the
  // confirmation differs on the next try.
  test('several mistakes at once, including a too-short password, are all reported', async ({ page }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: 'nope@', password: 'short', confirmPassword: 'different' });

    await expectFieldError(page, 'Email', 'Enter a valid email address, like name@example.com.');
    await expectFieldError(page, 'Password', 'Password must be at least 8 characters.');
    await expectFieldError(page, 'Confirm password', 'Passwords do not match.');
    await expect(page.getByLabel('Email')).toHaveValue('nope@');
  });

  test('an invalid email and a mismatch with a long-enough password are reported together', async ({ page }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: 'nope@', password: GOOD_PASSWORD, confirmPassword: 'different' });

    await expectFieldError(page, 'Email', 'Enter a valid email address, like name@example.com.');
    await expectNoFieldError(page, 'Password');
    await expectFieldError(page, 'Confirm password', 'Passwords do not match.');
  });

  test('a taken email is refused with a pointer to sign in', async ({ page, context }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: DEMO_USER, password: GOOD_PASSWORD });

    await expectFieldError(page, 'Email', 'An account with this email already exists. Sign in instead.');
    await expect(page.getByLabel('Email')).toHaveValue(DEMO_USER);
    await expect(page).toHaveURL(/\/signup$/);
    expect((await sessionCookies(context)).access).toBeUndefined();
  });

  test('an email taken in another letter case is refused too', async ({ page, newDevice, baseURL }) => {
    const email = uniqueEmail('taken');
    const { page: first } = await newDevice();
    await first.goto('/signup');
    await submitSignUp(first, { email, password: GOOD_PASSWORD });
    await expect(first).toHaveURL(appUrl(baseURL, '/dashboard'));

    const shouted = email.toUpperCase();
    await page.goto('/signup');
    await submitSignUp(page, { email: shouted, password: GOOD_PASSWORD });
    await expectFieldError(page, 'Email', 'An account with this email already exists. Sign in instead.');
    await expect(page.getByLabel('Email')).toHaveValue(shouted);
  });

  test('the email is trimmed and lower-cased', async ({ page, baseURL }) => {
    const local = `Mixed-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await page.goto('/signup');
    await submitSignUp(page, { email: `  ${local}@Example.COM `, password: GOOD_PASSWORD });

    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(page.getByTestId('user-email')).toHaveText(`${local.toLowerCase()}@example.com`);
  });

  test('the submit button is disabled and relabelled while the account is being created', async ({ page, baseURL }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/signup', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    await page.goto('/signup');
    // The pending state only exists once React has taken over the form.
    await waitForHydratedForm(page);
    await submitSignUp(page, { email: uniqueEmail('pending'), password: GOOD_PASSWORD });

    const pending = page.getByRole('button', { name: 'Creating account…' });
    await expect(pending).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Sign up', exact: true })).toHaveCount(0);
    release();
    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
  });
});
