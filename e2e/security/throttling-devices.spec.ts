import { hkdfSync } from 'node:crypto';
import { type APIRequestContext, type BrowserContext, type Page, expect } from '@playwright/test';
import { SignJWT } from 'jose';
import { GOOD_PASSWORD, signIn, signOut, signUp, submitSignIn, uniqueEmail } from '../helpers/accounts';
import { ACCESS_COOKIE, REFRESH_COOKIE, accessCookie } from '../helpers/cookies';
import { type Device, type NewDevice, test } from '../helpers/devices';
import { decodeJwtPart, serverSecret, splitJwt } from '../helpers/tokens';

// An attacker guessing an account's password must not lock its owner out (OWASP, "Slow down
// online guessing attacks with device cookies"): a browser that signed in to the account before
// holds a device token for it in the latchkey_device cookie, and its attempts are counted on that
// token alone. A browser without one is throttled per email as before (throttling.spec.ts).

const DEVICE_COOKIE = 'latchkey_device';
const TOO_MANY = /^Too many attempts, try again in \d+ minutes?\.$/;

/** The attacker: a client of its own (no browser, no cookies) guessing over the API. */
async function guessWrong(request: APIRequestContext, email: string, guesses: number): Promise<void> {
  for (let guess = 0; guess < guesses; guess++) {
    const response = await request.post('/api/auth/token', { form: { grant_type: 'password', username: email, password: `guess-${guess}` } });
    expect([400, 429]).toContain(response.status());
  }
  const locked = await request.post('/api/auth/token', { form: { grant_type: 'password', username: email, password: GOOD_PASSWORD } });
  expect(locked.status(), 'the email is throttled for clients without its device token').toBe(429);
}

async function cookieNamed(context: BrowserContext, name: string) {
  return (await context.cookies()).find((cookie) => cookie.name === name);
}

/** A fresh browser (no cookies at all) on the sign-in page, optionally holding a device cookie. */
async function newBrowser(newDevice: NewDevice, baseURL: string | undefined, deviceCookie?: string): Promise<Device> {
  const { context, page } = await newDevice();
  if (deviceCookie !== undefined) {
    await context.addCookies([{ name: DEVICE_COOKIE, value: deviceCookie, url: baseURL!, httpOnly: true, sameSite: 'Lax' }]);
  }
  await page.goto('/login');
  return { context, page };
}

async function expectThrottled(page: Page): Promise<void> {
  await expect(page.locator('main').getByRole('alert')).toHaveText(TOO_MANY, { timeout: 15_000 });
  expect(await cookieNamed(page.context(), ACCESS_COOKIE)).toBeUndefined();
}

/** A device token made here with the server's secret, as lib/auth/device-tokens.ts makes them. */
function deviceToken(options: { userId: string; issuer: string; expiresIn: number; key?: Uint8Array }): Promise<string> {
  // The HKDF-SHA256 key of lib/auth/derived-keys.ts for 'device token signing'.
  const deviceKey = new Uint8Array(hkdfSync('sha256', serverSecret(), Buffer.alloc(0), 'latchkey device token signing v1', 32));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'device+jwt' })
    .setSubject(options.userId)
    .setIssuer(options.issuer)
    .setAudience('latchkey:device')
    .setIssuedAt(now - 3600)
    .setExpirationTime(now + options.expiresIn)
    .setJti(crypto.randomUUID())
    .sign(options.key ?? deviceKey);
}

test("after 20 wrong guesses by an attacker the owner's browser signs in at once; a new browser is throttled", async ({ page, context, request, newDevice, baseURL }) => {
  // Three sign-ins and 20 bcrypt-checked guesses over the API: 11 s on a quiet 2-core machine.
  test.setTimeout(45_000);
  const email = uniqueEmail('owner');
  await signUp(page, email);
  await signOut(page);
  await signIn(page, email, GOOD_PASSWORD);
  await signOut(page);
  // Signing out ends the session, not the browser's standing with the account.
  const device = await cookieNamed(context, DEVICE_COOKIE);
  expect(device).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(device!.expires).toBeGreaterThan(Date.now() / 1000 + 364 * 24 * 3600);
  expect(await cookieNamed(context, ACCESS_COOKIE)).toBeUndefined();
  expect(await cookieNamed(context, REFRESH_COOKIE)).toBeUndefined();

  await guessWrong(request, email, 20);

  await page.goto('/login');
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  await page.screenshot({ path: 'test-results/screens/owner-signed-in-during-attack.png', fullPage: true });

  const stranger = await newBrowser(newDevice, baseURL);
  await submitSignIn(stranger.page, email, GOOD_PASSWORD);
  await expectThrottled(stranger.page);
  await stranger.page.screenshot({ path: 'test-results/screens/login-throttled-new-browser.png', fullPage: true });
  await stranger.context.close();
});

test("another account's device cookie, in its own browser or copied into another, gives no way in", async ({
  page,
  context,
  request,
  newDevice,
  baseURL,
}) => {
  // Two sign-ups, five guesses and two browsers: 9 s on a quiet 2-core machine, 10 s on a busy one.
  test.setTimeout(45_000);
  const victim = uniqueEmail('victim');
  const setup = await newBrowser(newDevice, baseURL);
  await signUp(setup.page, victim);
  await setup.context.close();

  // The attacker's own browser, which signed in to the attacker's own account.
  await signUp(page, uniqueEmail('attacker'));
  await signOut(page);
  const attackersDevice = (await cookieNamed(context, DEVICE_COOKIE))?.value;
  expect(attackersDevice).toBeTruthy();

  await guessWrong(request, victim, 5);
  await page.goto('/login');
  await submitSignIn(page, victim, GOOD_PASSWORD);
  await expectThrottled(page);

  const copied = await newBrowser(newDevice, baseURL, attackersDevice);
  await submitSignIn(copied.page, victim, GOOD_PASSWORD);
  await expectThrottled(copied.page);
  await copied.context.close();
});

test('a forged, tampered or expired device token counts as none; a well-made one (the control) works', async ({ page, request, newDevice, baseURL }) => {
  // Five guesses and seven browsers signing in: 11 s on a quiet 2-core machine, 16 s on a busy one.
  test.setTimeout(60_000);
  const email = uniqueEmail('forged');
  await signUp(page, email);
  const userId = String(decodeJwtPart(splitJwt((await accessCookie(page.context())).value).payload).sub);
  const genuine = (await cookieNamed(page.context(), DEVICE_COOKIE))!.value;
  await guessWrong(request, email, 5);

  const { header, signature } = splitJwt(genuine);
  const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: userId, aud: 'latchkey:device', jti: 'x', exp: 4102444800 })).toString('base64url')}.${signature}`;
  const forgeries = {
    expired: await deviceToken({ userId, issuer: baseURL!, expiresIn: -60 }),
    'signed with JWT_SECRET itself': await deviceToken({ userId, issuer: baseURL!, expiresIn: 600, key: serverSecret() }),
    'another issuer': await deviceToken({ userId, issuer: 'https://evil.example', expiresIn: 600 }),
    tampered,
    'alg none': `${Buffer.from('{"alg":"none","typ":"device+jwt"}').toString('base64url')}.${tampered.split('.')[1]}.`,
  };
  for (const [label, forged] of Object.entries(forgeries)) {
    await test.step(label, async () => {
      const holder = await newBrowser(newDevice, baseURL, forged);
      await submitSignIn(holder.page, email, GOOD_PASSWORD);
      await expectThrottled(holder.page);
      await holder.context.close();
    });
  }
  // All at once in one cookie, as the browser would hold several.
  const all = await newBrowser(newDevice, baseURL, Object.values(forgeries).join('~'));
  await submitSignIn(all.page, email, GOOD_PASSWORD);
  await expectThrottled(all.page);
  await all.context.close();

  // The control: the same kind of token, made right, is honoured, so each refusal above is
  // for its one defect.
  const control = await newBrowser(newDevice, baseURL, `garbage~${await deviceToken({ userId, issuer: baseURL!, expiresIn: 600 })}`);
  await submitSignIn(control.page, email, GOOD_PASSWORD);
  await expect(control.page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  await control.context.close();
});
