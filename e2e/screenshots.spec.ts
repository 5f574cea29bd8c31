import { type Page, expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_USER, signIn, submitSignIn, submitSignUp } from './helpers/accounts';

// Full-page screenshots for a human to review, in test-results/screens/. Each step also asserts
// the state it captures, so a screenshot of the wrong page fails the test.

const DIR = 'test-results/screens';

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${DIR}/${name}.png`, fullPage: true });
}

test.describe('screenshots', () => {
  test('anonymous pages', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Latchkey');
    await shoot(page, 'landing');

    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await shoot(page, 'login-empty');

    await submitSignIn(page, DEMO_USER, 'wrong-password');
    await expect(page.locator('main').getByRole('alert')).toHaveText('Incorrect email or password.');
    await shoot(page, 'login-wrong-password');

    await page.goto('/login');
    await submitSignIn(page, 'not-an-email', '');
    await expect(page.locator('#field-email-error')).toBeVisible();
    await shoot(page, 'login-field-errors');

    await page.goto('/signup');
    await submitSignUp(page, { email: 'not-an-email', password: 'short', confirmPassword: 'other' });
    await expect(page.locator('#field-password-error')).toHaveText('Password must be at least 8 characters.');
    await shoot(page, 'signup-errors');
    await submitSignUp(page, { email: 'someone@example.com', password: 'long-enough-1', confirmPassword: 'other' });
    await expect(page.locator('#field-confirmPassword-error')).toHaveText('Passwords do not match.');
    await shoot(page, 'signup-errors-mismatch');

    // Keyboard focus, to check the focus style is visible.
    await page.goto('/login');
    await page.getByLabel('Email').focus();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await shoot(page, 'login-focus-password');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeFocused();
    await shoot(page, 'login-focus-button');
  });

  test('user pages', async ({ page }) => {
    await signIn(page, DEMO_USER, DEMO_PASSWORD);
    await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
    await shoot(page, 'dashboard');

    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('403: Access denied');
    await shoot(page, 'forbidden-403');
  });

  test('admin page', async ({ page }) => {
    await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admin');
    await shoot(page, 'admin');

    await page.goto('/admin/mail');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mail');
    await shoot(page, 'admin-mail');
  });

  test('narrow screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, DEMO_USER, DEMO_PASSWORD);
    await expect(page.getByTestId('user-email')).toHaveText(DEMO_USER);
    await shoot(page, 'dashboard-narrow');
    await page.context().clearCookies();
    await page.goto('/signup');
    await submitSignUp(page, { email: 'x', password: 'short', confirmPassword: 'other' });
    await expect(page.locator('#field-email-error')).toBeVisible();
    await shoot(page, 'signup-errors-narrow');
  });
});
