import { type BrowserContext, type Cookie, type Page, expect } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-password-123';
export const DEMO_USER = 'demo@example.com';
export const DEMO_ADMIN = 'admin@example.com';

/** Cookie names on http://localhost (no `__Host-` prefix: that is only used over https). */
export const ACCESS_COOKIE = 'latchkey_access';
export const REFRESH_COOKIE = 'latchkey_refresh';

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
  await page.getByLabel('Email').fill(fields.email);
  await page.getByLabel('Password', { exact: true }).fill(fields.password);
  await page.getByLabel('Confirm password').fill(fields.confirmPassword ?? fields.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

export async function signUp(page: Page, email: string, password = GOOD_PASSWORD): Promise<void> {
  await page.goto('/signup');
  await submitSignUp(page, { email, password });
  // Generous: a sign-up or sign-in runs bcrypt, slow on a busy 2-core machine.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
}

/** Fills the sign-in form on the current page and submits it; asserts nothing about the outcome. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await submitSignIn(page, email, password);
  // Generous: a sign-up or sign-in runs bcrypt, slow on a busy 2-core machine.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** The Latchkey cookies in a context, by name. */
export async function sessionCookies(context: BrowserContext): Promise<{ access?: Cookie; refresh?: Cookie }> {
  const cookies = await context.cookies();
  return {
    access: cookies.find((cookie) => cookie.name === ACCESS_COOKIE),
    refresh: cookies.find((cookie) => cookie.name === REFRESH_COOKIE),
  };
}

export async function accessCookie(context: BrowserContext): Promise<Cookie> {
  const { access } = await sessionCookies(context);
  expect(access, `${ACCESS_COOKIE} cookie`).toBeDefined();
  return access as Cookie;
}

/** Decodes one base64url part of a JWT (header or payload) as JSON. No verification. */
export function decodeJwtPart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function encodeJwtPart(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function splitJwt(token: string): { header: string; payload: string; signature: string } {
  const parts = token.split('.');
  expect(parts, 'a JWT has three dot-separated parts').toHaveLength(3);
  const [header = '', payload = '', signature = ''] = parts;
  return { header, payload, signature };
}

/** Replaces the access cookie in a context with another value, keeping its other attributes. */
export async function replaceAccessCookie(context: BrowserContext, original: Cookie, value: string): Promise<void> {
  await context.addCookies([{ ...original, value }]);
}

/** Absolute URL on the app under test. */
export function appUrl(baseURL: string | undefined, path: string): string {
  if (!baseURL) throw new Error('baseURL is not configured');
  return new URL(path, baseURL).toString();
}

/** Waits until React has hydrated the page's form (its submit button carries React's props). */
export async function waitForHydratedForm(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const button = document.querySelector('main form button[type="submit"]');
    return button !== null && Object.keys(button).some((key) => key.startsWith('__reactProps'));
  });
}
