import { type BrowserContext, type Cookie, expect } from '@playwright/test';
import { rememberSecret } from './server-log';
import { jwtPayload } from './tokens';

// Latchkey's session cookies in a browser's cookie jar.

/** Cookie names on http://localhost (no `__Host-` prefix: that is only used over https). */
export const ACCESS_COOKIE = 'latchkey_access';
export const REFRESH_COOKIE = 'latchkey_refresh';
/** The challenge of a passkey ceremony; /login asks for one as it loads, for passkey autofill. */
export const PASSKEY_COOKIE = 'latchkey_passkey';
/** `<22 chars>.<43 chars>`, both base64url. */
export const REFRESH_FORMAT = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

/** The Latchkey cookies in a context, by name (undefined when absent or expired). */
export async function sessionCookies(context: BrowserContext): Promise<{ access?: Cookie; refresh?: Cookie }> {
  const cookies = await context.cookies();
  const access = cookies.find((cookie) => cookie.name === ACCESS_COOKIE);
  const refresh = cookies.find((cookie) => cookie.name === REFRESH_COOKIE);
  rememberSecret('access token cookie', access?.value);
  rememberSecret('refresh token cookie', refresh?.value);
  return { access, refresh };
}

export type SessionCookieValues = { access?: string; refresh?: string };

/** The current values of both session cookies in a context. */
export async function sessionCookieValues(context: BrowserContext): Promise<SessionCookieValues> {
  const { access, refresh } = await sessionCookies(context);
  return { access: access?.value, refresh: refresh?.value };
}

export async function accessCookie(context: BrowserContext): Promise<Cookie> {
  const { access } = await sessionCookies(context);
  expect(access, `${ACCESS_COOKIE} cookie`).toBeDefined();
  return access as Cookie;
}

/** Both cookies are present, HttpOnly, Path=/, and the refresh token has the documented format. */
export async function expectSessionCookies(context: BrowserContext): Promise<{ access: string; refresh: string }> {
  const { access, refresh } = await sessionCookies(context);
  expect(access, `${ACCESS_COOKIE} cookie`).toBeDefined();
  expect(refresh, `${REFRESH_COOKIE} cookie`).toBeDefined();
  expect(access).toMatchObject({ httpOnly: true, path: '/' });
  expect(refresh).toMatchObject({ httpOnly: true, path: '/' });
  expect(access?.value.split('.')).toHaveLength(3);
  expect(refresh?.value).toMatch(REFRESH_FORMAT);
  return { access: access!.value, refresh: refresh!.value };
}

/** Replaces the access cookie in a context with another value, keeping its other attributes. */
export async function replaceAccessCookie(context: BrowserContext, original: Cookie, value: string): Promise<void> {
  await context.addCookies([{ ...original, value }]);
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
