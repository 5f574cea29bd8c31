import { type Page, expect } from '@playwright/test';
import { rememberSecret } from './server-log';
import { words } from './words';

// Accounts as a person uses them in the e2e tests: the demo accounts, fresh accounts (one per
// test, so tests never share one), and the sign-up, sign-in and sign-out forms, in the test's
// language (e2e/helpers/words.ts).

export const DEMO_PASSWORD = 'demo-password-123';
export const DEMO_USER = 'demo@example.com';
export const DEMO_ADMIN = 'admin@example.com';

export const GOOD_PASSWORD = 'correct-horse-battery';

/** A fresh address per test, so tests never share an account. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Fills the sign-up form on the current page and submits it; asserts nothing about the outcome. */
export async function submitSignUp(
  page: Page,
  fields: { email: string; password: string; confirmPassword?: string },
): Promise<void> {
  rememberSecret('password', fields.password);
  const { formControls, signUp } = words();
  await page.getByLabel(formControls.email).fill(fields.email);
  await page.getByLabel(signUp.password, { exact: true }).fill(fields.password);
  await page.getByLabel(signUp.confirmPassword).fill(fields.confirmPassword ?? fields.password);
  await page.getByRole('button', { name: signUp.submit }).click();
}

export async function signUp(page: Page, email: string, password = GOOD_PASSWORD): Promise<void> {
  await page.goto('/signup');
  await submitSignUp(page, { email, password });
  // Generous: a sign-up or sign-in runs bcrypt, slow on a busy 2-core machine.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
}

/** Fills the sign-in form on the current page and submits it; asserts nothing about the outcome. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  rememberSecret('password', password);
  const { formControls, signIn } = words();
  await page.getByLabel(formControls.email).fill(email);
  await page.getByLabel(signIn.password).fill(password);
  await page.getByRole('button', { name: signIn.submit, exact: true }).click();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await submitSignIn(page, email, password);
  // Generous: a sign-up or sign-in runs bcrypt, slow on a busy 2-core machine.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: words().common.signOut }).click();
  await expect(page).toHaveURL(/\/login$/);
}

export async function expectOnDashboard(page: Page, email: string): Promise<void> {
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('user-email')).toHaveText(email);
}

/** The path a signed-out visitor of `path` is sent to. */
export function loginUrl(path: string): RegExp {
  const escaped = `/login?next=${encodeURIComponent(path)}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}$`);
}
