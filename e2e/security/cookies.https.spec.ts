import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, signOut, submitSignIn, submitSignUp, uniqueEmail } from '../helpers/accounts';
import { cspDirectives, expectPageSecurityHeaders } from '../helpers/security-headers';

// Over real TLS (e2e/servers/https-proxy.mjs in front of `next start`, APP_URL https): the
// session cookies get the __Host- prefix and Secure, HSTS is sent, and the forms' Server Actions
// pass Next.js's Origin check through the proxy.

const ACCESS = '__Host-latchkey_access';
const REFRESH = '__Host-latchkey_refresh';
const DEVICE = '__Host-latchkey_device';
const PASSKEY = '__Host-latchkey_passkey';

test.describe('over https', () => {
  test('pages send HSTS and upgrade-insecure-requests with the other headers', async ({ request }) => {
    for (const path of ['/', '/login', '/dashboard']) {
      const response = await request.get(path, { maxRedirects: 0 });
      expectPageSecurityHeaders(response.headers());
      expect(response.headers()['strict-transport-security'], path).toBe('max-age=63072000; includeSubDomains');
      expect(cspDirectives(response.headers()['content-security-policy']).get('upgrade-insecure-requests')).toEqual([]);
    }
  });

  test('sign-up, sign-out and sign-in work; the cookies are __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, host-only', async ({
    page,
    context,
    baseURL,
  }) => {
    const email = uniqueEmail('https');
    await page.goto('/signup');
    expect(page.url().startsWith('https://')).toBe(true);
    await submitSignUp(page, { email, password: GOOD_PASSWORD });
    // The Server Action passed Next.js's Origin check (Origin https://localhost:… against Host).
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
    await expect(page.getByTestId('user-email')).toHaveText(email);

    const cookies = await context.cookies();
    expect(cookies.map((cookie) => cookie.name).sort()).toEqual([ACCESS, DEVICE, REFRESH]);
    for (const cookie of cookies) {
      expect(cookie, cookie.name).toMatchObject({ domain: 'localhost', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
    }
    const response = await page.goto('/dashboard');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['strict-transport-security']).toBeDefined();

    // The browser drops __Host- cookies only for a clearing Set-Cookie that is itself Secure,
    // Path=/ and without Domain. The device cookie is no session: it stays.
    // Besides it, the challenge /login's passkey autofill asks for as it loads, as well kept.
    await signOut(page);
    await expect.poll(async () => (await context.cookies()).map((cookie) => cookie.name).sort()).toEqual([DEVICE, PASSKEY]);
    for (const cookie of await context.cookies()) {
      expect(cookie, cookie.name).toMatchObject({ domain: 'localhost', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
    }

    // The raw Set-Cookie lines of a sign-in: no Domain attribute (the cookies are host-only).

    await page.goto('/login');
    const [signInResponse] = await Promise.all([
      // The form's answer, not the passkey autofill's (also a Server Action of /login).
      page.waitForResponse((answer) => answer.request().method() === 'POST' && (answer.request().postData() ?? '').includes(email)),
      submitSignIn(page, email, GOOD_PASSWORD),
    ]);
    const setCookies = (await signInResponse.headersArray()).filter((header) => header.name.toLowerCase() === 'set-cookie');
    expect(setCookies.map((header) => header.value.split('=')[0]).sort()).toEqual([ACCESS, DEVICE, REFRESH]);
    for (const { value } of setCookies) {
      expect(value).toMatch(/; Secure/i);
      expect(value).toMatch(/; HttpOnly/i);
      expect(value).toMatch(/; SameSite=lax/i);
      expect(value).toMatch(/; Path=\//i);
      expect(value).not.toMatch(/; Domain=/i);
    }
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
  });
});
