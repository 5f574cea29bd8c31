import { type Browser, type BrowserContext, type Page, type TestInfo, expect } from '@playwright/test';

// Helpers for the session specs: cookie inspection, JWT decoding and "devices" (browser contexts
// with their own User-Agent).

export const ACCESS_COOKIE = 'latchkey_access';
export const REFRESH_COOKIE = 'latchkey_refresh';
/** `<22 chars>.<43 chars>`, both base64url. */
export const REFRESH_FORMAT = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

export const FIREFOX_MAC_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
export const CHROME_LINUX_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export const SCREENS = 'test-results/screens';

export type SessionCookieValues = { access?: string; refresh?: string };

/** The current values of both session cookies in a context (undefined when absent or expired). */
export async function sessionCookieValues(context: BrowserContext): Promise<SessionCookieValues> {
  const cookies = await context.cookies();
  return {
    access: cookies.find((cookie) => cookie.name === ACCESS_COOKIE)?.value,
    refresh: cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value,
  };
}

/** Both cookies are present, HttpOnly, Path=/, and the refresh token has the documented format. */
export async function expectSessionCookies(context: BrowserContext): Promise<{ access: string; refresh: string }> {
  const cookies = await context.cookies();
  const access = cookies.find((cookie) => cookie.name === ACCESS_COOKIE);
  const refresh = cookies.find((cookie) => cookie.name === REFRESH_COOKIE);
  expect(access, `${ACCESS_COOKIE} cookie`).toBeDefined();
  expect(refresh, `${REFRESH_COOKIE} cookie`).toBeDefined();
  expect(access).toMatchObject({ httpOnly: true, path: '/' });
  expect(refresh).toMatchObject({ httpOnly: true, path: '/' });
  expect(access?.value.split('.')).toHaveLength(3);
  expect(refresh?.value).toMatch(REFRESH_FORMAT);
  return { access: access!.value, refresh: refresh!.value };
}

/** The payload of a JWT, without verifying it (the tests only read `exp`, `sid` and friends). */
export function jwtPayload(token: string): { exp: number; iat: number; sid: string; sub: string } {
  const part = token.split('.')[1];
  if (!part) throw new Error(`not a JWT: ${token}`);
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** Sets one cookie of the app's origin in a context (overwriting any cookie of that name). */
export async function setCookie(context: BrowserContext, baseURL: string, name: string, value: string): Promise<void> {
  await context.addCookies([{ name, value, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
}

/**
 * Waits (by polling the cookie jar, not sleeping) until the browser has dropped the access cookie
 * because its Max-Age ran out, and its JWT's `exp` is in the past. Only meaningful with a short
 * ACCESS_TOKEN_TTL.
 */
export async function waitForAccessExpiry(context: BrowserContext, lastAccess?: string): Promise<void> {
  await expect
    .poll(async () => (await sessionCookieValues(context)).access, { timeout: 15_000, intervals: [250] })
    .toBeUndefined();
  if (lastAccess) {
    await expect.poll(() => Date.now() / 1000 > jwtPayload(lastAccess).exp, { timeout: 5_000, intervals: [100] }).toBe(true);
  }
}

/** The base URL of the project the test runs in. */
export function baseURLOf(testInfo: TestInfo): string {
  const url = testInfo.project.use.baseURL;
  if (!url) throw new Error('no baseURL configured');
  return url;
}

/** A second "device": its own context (cookie jar) with the given User-Agent. */
export async function newDevice(browser: Browser, testInfo: TestInfo, userAgent: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseURLOf(testInfo), userAgent });
  return { context, page: await context.newPage() };
}

/** Waits until the page's own background requests (Link prefetches) are done. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
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
