import { readFile } from 'node:fs/promises';
import { type Page, expect } from '@playwright/test';
import { GOOD_PASSWORD, signOut, signUp, submitSignIn, uniqueEmail } from './helpers/accounts';
import { sessionCookies } from './helpers/cookies';
import { test } from './helpers/devices';
import { SCREENS, appUrl } from './helpers/pages';
import { MFA_COOKIE, codeFor, submitCode, turnOn, twoFactor, wrongCodeFor } from './helpers/two-factor';

// Two-factor authentication, as a person does it: turn it on by "scanning" (the test reads the
// key shown beside the QR code and computes codes as an authenticator app would), sign in with a
// code or a recovery code, and turn it off.
//
// A code works once, so each step uses a later time step than the one before: the setup uses
// the previous step's code, sign-in the current one, turning off the next one (all accepted).

/** Signs in with the password and lands on the code step. */
async function passwordStep(page: Page, email: string, path = '/login'): Promise<void> {
  await page.goto(path);
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two-factor authentication');
}

test('turn on, sign in with a code and with recovery codes (each once), wrong code, turn off', async ({ page, context, baseURL }) => {
  // One journey of five sign-ins: longer than the default timeout on a busy 2-core machine.
  test.setTimeout(90_000);
  const email = uniqueEmail('mfa');
  await signUp(page, email);
  const { secret, codes } = await turnOn(page, `${SCREENS}/mfa-setup.png`);
  await page.screenshot({ path: `${SCREENS}/mfa-recovery-codes.png`, fullPage: true });

  // The codes can be downloaded as a text file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('latchkey-recovery-codes.txt');
  const text = await readFile(await download.path(), 'utf8');
  for (const code of codes) expect(text).toContain(code);
  await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();

  // Once the page is left, the codes are never shown again.
  await page.reload();
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  await expect(twoFactor(page).getByText('You have 10 recovery codes left.')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/mfa-on.png`, fullPage: true });

  // The password alone does not sign in: a challenge cookie, no session cookies.
  await signOut(page);
  await passwordStep(page, email);
  const challenge = (await context.cookies()).find((cookie) => cookie.name === MFA_COOKIE);
  expect(challenge).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect((await sessionCookies(context)).access).toBeUndefined();
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/login\/verify/);
  await page.screenshot({ path: `${SCREENS}/mfa-verify.png`, fullPage: true });

  // A wrong code is refused with a message on the field.
  await submitCode(page, wrongCodeFor(secret));
  const field = page.getByLabel('Code', { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-code-error')).toHaveText('That code is incorrect or has already been used.');
  await expect(field).toBeFocused();
  await page.screenshot({ path: `${SCREENS}/mfa-verify-wrong-code.png`, fullPage: true });

  await submitCode(page, codeFor(secret));
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
  await expect(page.getByTestId('user-email')).toHaveText(email);
  expect((await context.cookies()).find((cookie) => cookie.name === MFA_COOKIE)).toBeUndefined();

  // "Use a recovery code", then the same recovery code a second time (refused), then another
  // one typed in the usual Code field.
  await signOut(page);
  await passwordStep(page, email);
  await page.getByRole('link', { name: 'Use a recovery code' }).click();
  await expect(page).toHaveURL(/\/login\/verify\?method=recovery$/);
  await page.screenshot({ path: `${SCREENS}/mfa-verify-recovery.png`, fullPage: true });
  await submitCode(page, codes[0]!, 'recoveryCode');
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));

  await signOut(page);
  await passwordStep(page, email);
  await submitCode(page, codes[0]!);
  await expect(page.locator('#field-code-error')).toHaveText('That code is incorrect or has already been used.');
  await submitCode(page, codes[1]!);
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));

  // Turning off needs the password and a code.
  await page.goto('/settings/security');
  await expect(twoFactor(page).getByText('You have 8 recovery codes left.')).toBeVisible();
  const disable = page.getByRole('form', { name: 'Turn off two-factor authentication' });
  await disable.getByLabel('Current password').fill('not-my-password');
  await disable.getByLabel('Code').fill(codeFor(secret, 1));
  await disable.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(page.locator('#field-password-error')).toHaveText('Your current password is incorrect.');
  await page.screenshot({ path: `${SCREENS}/mfa-disable-wrong-password.png`, fullPage: true });
  await disable.getByLabel('Current password').fill(GOOD_PASSWORD);
  await disable.getByLabel('Code').fill(codeFor(secret, 1));
  await disable.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(twoFactor(page).getByRole('status')).toHaveText('Two-factor authentication is off.');
  await expect(twoFactor(page).getByRole('button', { name: 'Turn on two-factor authentication' })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/mfa-off.png`, fullPage: true });

  // The password alone signs in again.
  await signOut(page);
  await page.goto('/login');
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));

  // Every step is on the activity page.
  await page.goto('/settings/activity');
  const events = page.getByTestId('event');
  for (const sentence of [
    'Turned on two-factor authentication',
    'Wrong two-factor code entered',
    'Used a recovery code',
    'Turned off two-factor authentication',
  ]) {
    await expect(events.filter({ hasText: sentence }).first()).toBeVisible();
  }
});

test('a challenge cookie works once: replayed after the sign-in it made, it leads back to the password', async ({ page, context, newDevice, baseURL }) => {
  // A sign-up, turning two-factor on and a sign-in with a code: 4 s on a quiet 2-core machine, 10 s on a busy one.
  test.setTimeout(45_000);
  const email = uniqueEmail('mfa-replay');
  await signUp(page, email);
  const { secret } = await turnOn(page);
  await signOut(page);
  await passwordStep(page, email);
  const challenge = (await context.cookies()).find((cookie) => cookie.name === MFA_COOKIE)!;
  await submitCode(page, codeFor(secret));
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));

  // Someone who copied the cookie before the code was entered gets no second session from it.
  const { context: other, page: thief } = await newDevice();
  await other.addCookies([{ name: challenge.name, value: challenge.value, url: baseURL! }]);
  await thief.goto('/login/verify');
  await expect(thief).toHaveURL(appUrl(baseURL, '/login'));
  expect((await sessionCookies(other)).access).toBeUndefined();
});

test('next= survives the code step', async ({ page, baseURL }) => {
  const email = uniqueEmail('mfa-next');
  await signUp(page, email);
  const { secret } = await turnOn(page);
  await signOut(page);
  await page.goto('/settings/sessions');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fsessions$/);
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(appUrl(baseURL, '/login/verify?next=%2Fsettings%2Fsessions'));
  await submitCode(page, codeFor(secret));
  await expect(page).toHaveURL(appUrl(baseURL, '/settings/sessions'));
});

test('new recovery codes replace the old ones', async ({ page, baseURL }) => {
  const email = uniqueEmail('mfa-regenerate');
  await signUp(page, email);
  const { secret, codes: oldCodes } = await turnOn(page);
  await page.reload();
  const regenerate = page.getByRole('form', { name: 'Recovery codes' });
  await regenerate.getByLabel('Code').fill(wrongCodeFor(secret));
  await regenerate.getByRole('button', { name: 'Create new recovery codes' }).click();
  await expect(page.locator('#field-regenerateCode-error')).toHaveText('That code is incorrect or has already been used.');
  await regenerate.getByLabel('Code').fill(codeFor(secret));
  await regenerate.getByRole('button', { name: 'Create new recovery codes' }).click();
  const list = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(list).toHaveCount(10);
  const newCodes = await list.allInnerTexts();
  expect(newCodes.filter((code) => oldCodes.includes(code))).toEqual([]);
  await page.screenshot({ path: `${SCREENS}/mfa-regenerated.png`, fullPage: true });

  await signOut(page);
  await passwordStep(page, email);
  await submitCode(page, oldCodes[0]!);
  await expect(page.locator('#field-code-error')).toHaveText('That code is incorrect or has already been used.');
  await submitCode(page, newCodes[0]!);
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
});

test('the code step without a password step goes back to sign-in', async ({ page, baseURL }) => {
  await page.goto('/login/verify');
  await expect(page).toHaveURL(appUrl(baseURL, '/login'));
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('turn on, see the recovery codes, sign in with a code', async ({ page, baseURL }) => {
    const email = uniqueEmail('mfa-nojs');
    await page.goto('/signup');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Confirm password').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));

    const { secret, codes } = await turnOn(page);
    await expect(page.getByRole('link', { name: 'Download' })).toHaveAttribute('href', /^data:text\/plain;charset=utf-8,/);
    // No script, no clipboard: the Copy button is not offered.
    await expect(page.getByRole('button', { name: 'Copy' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await passwordStep(page, email);
    await submitCode(page, wrongCodeFor(secret));
    await expect(page.locator('#field-code-error')).toHaveText('That code is incorrect or has already been used.');
    await submitCode(page, codes[0]!);
    await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'));
  });
});
