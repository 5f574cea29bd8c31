import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USER, GOOD_PASSWORD, submitSignIn, submitSignUp, uniqueEmail } from './helpers/accounts';
import { sessionCookies } from './helpers/cookies';
import { VERIFY_SUBJECT, linkFromMail } from './helpers/mail';
import { appUrl } from './helpers/pages';

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the page really runs without scripts', async ({ page }) => {
    await page.goto('/login');
    // Playwright can still evaluate in the page; the point is that React never hydrated the form.
    const hydrated = await page.evaluate(() => {
      const button = document.querySelector('main form button[type="submit"]');
      return button !== null && Object.keys(button).some((key) => key.startsWith('__reactProps'));
    });
    expect(hydrated).toBe(false);
  });

  test('sign-up works end to end', async ({ page, context, baseURL }) => {
    const email = uniqueEmail('nojs-signup');
    await page.goto('/signup');
    await submitSignUp(page, { email, password: GOOD_PASSWORD });

    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(page.getByTestId('user-email')).toHaveText(email);
    await expect(page.getByTestId('user-role')).toHaveText('USER');
    expect((await sessionCookies(context)).access).toBeDefined();
  });

  test('sign-up validation errors are rendered by the server, with the email kept', async ({ page, context }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: 'not-an-email', password: 'short' });

    const email = page.getByLabel('Email');
    await expect(email).toHaveValue('not-an-email');
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription('Enter a valid email address, like name@example.com.');
    await expect(page.locator('#field-email-error')).toHaveText('Enter a valid email address, like name@example.com.');
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#field-password-error')).toHaveText('Password must be at least 8 characters.');
    await expect(password).toHaveAccessibleDescription(/Password must be at least 8 characters\./);
    expect((await sessionCookies(context)).access).toBeUndefined();
  });

  test('a password mismatch is rendered by the server next to Confirm password', async ({ page }) => {
    const address = uniqueEmail('nojs-mismatch');
    await page.goto('/signup');
    await submitSignUp(page, { email: address, password: GOOD_PASSWORD, confirmPassword: 'something-else' });

    await expect(page.getByLabel('Email')).toHaveValue(address);
    const confirm = page.getByLabel('Confirm password');
    await expect(confirm).toHaveAttribute('aria-invalid', 'true');
    await expect(confirm).toHaveAccessibleDescription('Passwords do not match.');
    await expect(page.locator('#field-confirmPassword-error')).toHaveText('Passwords do not match.');
  });

  test('sign-up with a taken email shows the message, with the email kept', async ({ page }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: DEMO_USER, password: GOOD_PASSWORD });

    await expect(page.getByLabel('Email')).toHaveValue(DEMO_USER);
    await expect(page.locator('#field-email-error')).toHaveText(
      'An account with this email already exists. Sign in instead.',
    );
  });

  test('sign-in with the demo account works', async ({ page, baseURL }) => {
    await page.goto('/login');
    await submitSignIn(page, DEMO_USER, DEMO_PASSWORD);

    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
  });

  test('sign-in with a wrong password shows the message and sets no cookie', async ({ page, context }) => {
    await page.goto('/login');
    await submitSignIn(page, DEMO_USER, 'definitely-wrong');

    await expect(page.locator('main').getByRole('alert')).toHaveText('Incorrect email or password.');
    await expect(page.getByLabel('Email')).toHaveValue(DEMO_USER);
    expect((await sessionCookies(context)).access).toBeUndefined();
  });

  test('sign-in returns to next= without JavaScript', async ({ page, baseURL }) => {
    await page.goto('/admin');
    await expect(page).toHaveURL(appUrl(baseURL, '/login?next=%2Fadmin'));
    await submitSignIn(page, 'admin@example.com', DEMO_PASSWORD);
    await expect(page).toHaveURL(appUrl(baseURL, '/admin'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admin');
  });

  test('a verification link is confirmed with its button, without JavaScript, signed out', async ({ page, baseURL }) => {
    const email = uniqueEmail('nojs-verify');
    await page.goto('/signup');
    await submitSignUp(page, { email, password: GOOD_PASSWORD });
    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
    await expect(page.getByTestId('verification-banner')).toBeVisible();
    const link = await linkFromMail(page, email, VERIFY_SUBJECT, '/verify-email');

    // As on another device: the form's answer must not depend on a session.
    await page.context().clearCookies();
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your email address');
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email verified');
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await submitSignIn(page, email, GOOD_PASSWORD);
    await expect(page.getByTestId('user-email')).toHaveText(email);
    await expect(page.getByTestId('verification-banner')).toHaveCount(0);
  });

  test('sign-out works without JavaScript', async ({ page, context, baseURL }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: uniqueEmail('nojs-signout'), password: GOOD_PASSWORD });
    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(appUrl(baseURL, '/login'));
    const { access, refresh } = await sessionCookies(context);
    expect(access).toBeUndefined();
    expect(refresh).toBeUndefined();
    await page.goto('/dashboard');
    await expect(page).toHaveURL(appUrl(baseURL, '/login?next=%2Fdashboard'));
  });
});
