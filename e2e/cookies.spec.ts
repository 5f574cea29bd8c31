import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, GOOD_PASSWORD, signIn, signOut, signUp, uniqueEmail } from './helpers/accounts';
import { ACCESS_COOKIE, PASSKEY_COOKIE, REFRESH_COOKIE, sessionCookies } from './helpers/cookies';
import { decodeJwtPart, splitJwt } from './helpers/tokens';

const DEVICE_COOKIE = 'latchkey_device';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCESS_TTL = 900;

test.describe('session cookies', () => {
  test('both cookies are HttpOnly, SameSite=Lax, Path=/, host-only and not Secure on http', async ({ page, context }) => {
    await signUp(page, uniqueEmail('cookies'));
    const { access, refresh } = await sessionCookies(context);
    for (const [name, cookie] of [
      [ACCESS_COOKIE, access],
      [REFRESH_COOKIE, refresh],
    ] as const) {
      expect(cookie, name).toBeDefined();
      expect(cookie, name).toMatchObject({
        name,
        domain: 'localhost',
        path: '/',
        httpOnly: true,
        secure: false,
        sameSite: 'Lax',
      });
      expect(cookie?.value.length, `${name} value`).toBeGreaterThan(20);
    }
    // HttpOnly: page scripts see neither cookie.
    expect(await page.evaluate(() => document.cookie)).not.toContain('latchkey_');
    // No other cookie names but the device cookie, in particular no __Host- variants on http.
    const names = (await context.cookies()).map((cookie) => cookie.name).sort();
    expect(names).toEqual([ACCESS_COOKIE, DEVICE_COOKIE, REFRESH_COOKIE]);
  });

  test('the device cookie is HttpOnly, SameSite=Lax, Path=/, lives a year, holds one device token per account and survives sign-out', async ({
    page,
    context,
  }) => {
    const first = uniqueEmail('device-1');
    const second = uniqueEmail('device-2');
    await signUp(page, first);
    await signOut(page);
    await signUp(page, second);
    await signOut(page);
    await signIn(page, first, GOOD_PASSWORD);
    const cookies = await context.cookies();
    const device = cookies.find((cookie) => cookie.name === DEVICE_COOKIE);
    expect(device).toMatchObject({ domain: 'localhost', path: '/', httpOnly: true, secure: false, sameSite: 'Lax' });
    const yearFromNow = Date.now() / 1000 + 365 * 24 * 3600;
    expect(Math.abs((device?.expires ?? 0) - yearFromNow)).toBeLessThanOrEqual(60);
    // Newest first, one per account: the first account's newer token replaced its older one.
    const tokens = (device?.value ?? '').split('~');
    expect(tokens).toHaveLength(2);
    const userIds = tokens.map((token) => String(decodeJwtPart(splitJwt(token).payload).sub));
    const access = decodeJwtPart(splitJwt(cookies.find((cookie) => cookie.name === ACCESS_COOKIE)?.value ?? '').payload);
    expect(userIds[0]).toBe(access.sub);
    expect(userIds[1]).not.toBe(access.sub);
    for (const token of tokens) {
      expect(decodeJwtPart(splitJwt(token).header)).toEqual({ alg: 'HS256', typ: 'device+jwt' });
      // No email in it, and it is no access token.
      expect(Object.keys(decodeJwtPart(splitJwt(token).payload)).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    }
    expect(await page.evaluate(() => document.cookie)).not.toContain('latchkey_');
    await signOut(page);
    // Besides the device cookie, the challenge /login's passkey autofill asks for as it loads:
    // as HttpOnly as the rest, and gone with the challenge, in 5 minutes.
    await expect.poll(async () => (await context.cookies()).map((cookie) => cookie.name).sort()).toEqual([DEVICE_COOKIE, PASSKEY_COOKIE]);
    const passkey = (await context.cookies()).find((cookie) => cookie.name === PASSKEY_COOKIE);
    expect(passkey).toMatchObject({ domain: 'localhost', path: '/', httpOnly: true, secure: false, sameSite: 'Lax' });
    expect(Math.abs((passkey?.expires ?? 0) - (Date.now() / 1000 + 300))).toBeLessThanOrEqual(60);
  });

  test('the access cookie lives as long as the token; the refresh cookie much longer', async ({ page, context }) => {
    await signUp(page, uniqueEmail('expiry'));
    const { access, refresh } = await sessionCookies(context);
    const { payload } = splitJwt(access?.value ?? '');
    const claims = decodeJwtPart(payload);
    const now = Date.now() / 1000;
    // Cookie expiry and token expiry agree to within a few seconds (Max-Age is computed on the server).
    expect(Math.abs((access?.expires ?? 0) - (claims.exp as number))).toBeLessThanOrEqual(5);
    // The refresh cookie is persistent and outlives the access token (30 days by default).
    expect(refresh?.expires ?? -1).toBeGreaterThan(now + 29 * 24 * 3600);
    expect(refresh?.expires ?? -1).toBeLessThan(now + 31 * 24 * 3600);
  });

  test('the access token is an HS256 at+jwt with every expected claim', async ({ page, context, baseURL }) => {
    const before = Math.floor(Date.now() / 1000);
    await signUp(page, uniqueEmail('jwt'));
    const after = Math.ceil(Date.now() / 1000);
    const { access, refresh } = await sessionCookies(context);
    const { header, payload, signature } = splitJwt(access?.value ?? '');

    expect(decodeJwtPart(header)).toEqual({ alg: 'HS256', typ: 'at+jwt' });

    const claims = decodeJwtPart(payload);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'role', 'sid', 'sub'].sort());
    expect(claims.iss).toBe(baseURL);
    expect(claims.aud).toBe('latchkey');
    expect(claims.role).toBe('USER');
    expect(typeof claims.sub).toBe('string');
    expect(claims.sub).not.toBe('');
    expect(claims.sid).toMatch(UUID);
    expect(claims.jti).toMatch(UUID);
    expect(claims.sid).not.toBe(claims.jti);
    expect(Number.isInteger(claims.iat)).toBe(true);
    expect(claims.iat as number).toBeGreaterThanOrEqual(before - 1);
    expect(claims.iat as number).toBeLessThanOrEqual(after + 1);
    expect((claims.exp as number) - (claims.iat as number)).toBe(ACCESS_TTL);

    // HS256 signature: 32 bytes, base64url without padding.
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The refresh token is opaque: `<session tag>.<256-bit secret>`, not a JWT.
    expect(refresh?.value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
  });

  test('an admin token carries role ADMIN; each sign-in gets its own session and token id', async ({ page, context }) => {
    await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
    const first = decodeJwtPart(splitJwt((await sessionCookies(context)).access?.value ?? '').payload);
    expect(first.role).toBe('ADMIN');

    await context.clearCookies();
    await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
    const second = decodeJwtPart(splitJwt((await sessionCookies(context)).access?.value ?? '').payload);
    expect(second.role).toBe('ADMIN');
    expect(second.sub).toBe(first.sub);
    expect(second.sid).not.toBe(first.sid);
    expect(second.jti).not.toBe(first.jti);
  });
});
