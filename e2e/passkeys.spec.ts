import { expect } from '@playwright/test';
import { DEMO_PASSWORD, GOOD_PASSWORD, expectOnDashboard, signIn, signOut, signUp, submitSignIn, uniqueEmail } from './helpers/accounts';
import { expectSessionCookies, sessionCookies } from './helpers/cookies';
import { CHROME_LINUX_UA } from './helpers/devices';
import { openMail } from './helpers/mail';
import { SCREENS } from './helpers/pages';
import {
  ADDED_SUBJECT,
  PASSKEY_REFUSED,
  REMOVED_SUBJECT,
  addPasskey,
  heldAutofillRequest,
  passkeyItem,
  passkeyItems,
  passkeysPanel,
  pickAutofillSuggestion,
  replaceAuthenticator,
  signInWithPasskey,
  signUpWithPasskey,
  test,
} from './helpers/passkeys';
import { turnOn } from './helpers/two-factor';

// Passkeys as a person uses them, in Chromium with a virtual platform authenticator standing in
// for the device's (helpers/passkeys.ts): add one, sign in with it (button and autofill), create
// an account with one, remove one, and use one in place of the two-factor code.

// The default name of a new passkey says which browser made it (the virtual authenticator's AAGUID
// names no provider): this one.
test.use({ userAgent: CHROME_LINUX_UA });
const DEFAULT_NAME = 'Passkey on Chrome on Linux';
const LAST_METHOD = 'This is your only way to sign in. Add another passkey or set a password before removing it.';
const DATE = /\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC/;

test('add a passkey in settings, rename it, sign out and sign in with it', async ({ page, context, authenticator }) => {
  // A sign-up, a passkey added, the outbox read and a passkey sign-in: about 8 s on a busy 2-core machine.
  test.setTimeout(45_000);
  const email = uniqueEmail('passkey-add');
  await signUp(page, email);
  await page.goto('/settings/security');
  await expect(passkeysPanel(page).getByText('You have no passkeys yet.')).toBeVisible();

  expect(await addPasskey(page)).toBe(DEFAULT_NAME);
  const item = passkeyItem(page, DEFAULT_NAME);
  await expect(item.locator('.hint')).toHaveText(new RegExp(`^Added ${DATE.source} · Never used$`));
  const [credential, ...others] = await authenticator.credentials();
  expect(others).toHaveLength(0);
  expect(credential).toMatchObject({ rpId: 'localhost', isResidentCredential: true, userName: email });

  await item.getByText('Rename', { exact: true }).click();
  await item.getByLabel('New name').fill('Work laptop');
  await item.getByRole('button', { name: 'Save name' }).click();
  await expect(passkeyItem(page, 'Work laptop')).toBeVisible();
  await expect(passkeyItems(page)).toHaveCount(1);

  await openMail(page, email, ADDED_SUBJECT);
  await expect(page.getByTestId('mail-text')).toContainText(`A passkey, “${DEFAULT_NAME}”, was added to your Latchkey account.`);

  await page.goto('/dashboard');
  await signOut(page);
  await signInWithPasskey(page);
  await expectOnDashboard(page, email);
  await expectSessionCookies(context);
  await page.goto('/settings/security');
  await expect(passkeyItem(page, 'Work laptop').locator('.hint')).toHaveText(new RegExp(`^Added ${DATE.source} · Last used ${DATE.source}$`));

  await page.goto('/settings/activity');
  const events = page.getByTestId('event');
  for (const sentence of ['Added a passkey', 'Renamed a passkey', 'Signed in with a passkey']) {
    await expect(events.filter({ hasText: sentence })).toHaveCount(1);
  }
});

test('passkey autofill: /login starts a conditional request as it loads, and the passkey picked signs in', async ({ page, context }) => {
  const email = uniqueEmail('passkey-autofill');
  await signUpWithPasskey(page, email);
  await signOut(page);

  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  // Discoverable credentials of this RP only, verified by the device's lock.
  expect(await heldAutofillRequest(page)).toEqual({ mediation: 'conditional', userVerification: 'required', allowCredentials: 0, rpId: 'localhost', challengeBytes: 32 });
  await page.getByLabel('Email').focus();
  await expect(page).toHaveURL(/\/login$/);
  expect((await sessionCookies(context)).access).toBeUndefined();

  await pickAutofillSuggestion(page);
  await expectOnDashboard(page, email);
  await expectSessionCookies(context);
});

test('sign up with a passkey only, then set a password and sign in with it', async ({ page, context }) => {
  // A passkey sign-up, a password set and a password sign-in: about 6 s on a busy 2-core machine.
  test.setTimeout(45_000);
  const email = uniqueEmail('passkey-signup');
  await signUpWithPasskey(page, email);
  await expectOnDashboard(page, email);
  await expectSessionCookies(context);

  await page.goto('/settings/security');
  await expect(page.getByRole('heading', { name: 'Set a password', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Change password' })).toHaveCount(0);
  await expect(passkeyItems(page)).toHaveCount(1);
  await expect(passkeyItem(page, DEFAULT_NAME)).toBeVisible();

  await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Confirm new password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Set a password' }).click();
  // The page comes back with the account's new method, saying so: the password can be changed now.
  await expect(page.getByRole('heading', { name: 'Change password', level: 2 })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Password set. You can now sign in with your email and password too.');
  await expect(page.getByRole('button', { name: 'Set a password' })).toHaveCount(0);

  await page.goto('/dashboard');
  await signOut(page);
  await signIn(page, email, GOOD_PASSWORD);
  await expectOnDashboard(page, email);
});

test('a removed passkey no longer signs in, though the device still holds it', async ({ page, context, authenticator }) => {
  // A sign-up, a passkey added and removed, the outbox read, a passkey refused: about 8 s on a busy 2-core machine.
  test.setTimeout(45_000);
  const email = uniqueEmail('passkey-remove');
  await signUp(page, email);
  await addPasskey(page);
  await passkeyItem(page, DEFAULT_NAME).getByRole('button', { name: 'Remove' }).click();
  await expect(passkeyItems(page)).toHaveCount(0);
  await expect(passkeysPanel(page).getByText('You have no passkeys yet.')).toBeVisible();
  await openMail(page, email, REMOVED_SUBJECT);
  await expect(page.getByTestId('mail-text')).toContainText(`The passkey “${DEFAULT_NAME}” was removed from your Latchkey account`);

  await page.goto('/dashboard');
  await signOut(page);
  expect(await authenticator.credentials()).toHaveLength(1);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(PASSKEY_REFUSED);
  await expect(page).toHaveURL(/\/login$/);
  expect((await sessionCookies(context)).access).toBeUndefined();
});

test('a device whose fingerprint or PIN check fails signs nothing in', async ({ page, context, authenticator }) => {
  const email = uniqueEmail('passkey-unverified');
  await signUpWithPasskey(page, email);
  await signOut(page);
  await authenticator.setUserVerified(false);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('The passkey prompt was closed or timed out. Try again when you are ready.');
  expect((await sessionCookies(context)).access).toBeUndefined();

  await authenticator.setUserVerified(true);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectOnDashboard(page, email);
});

test('the only passkey of an account without a password cannot be removed', async ({ page }) => {
  const email = uniqueEmail('passkey-last');
  await signUpWithPasskey(page, email);
  await page.goto('/settings/security');
  const item = passkeyItem(page, DEFAULT_NAME);
  await item.getByRole('button', { name: 'Remove' }).click();
  await expect(item.getByRole('alert')).toHaveText(LAST_METHOD);
  await page.reload();
  await expect(passkeyItems(page)).toHaveCount(1);
  await expect(passkeyItem(page, DEFAULT_NAME)).toBeVisible();
});

test('two-factor on: a passkey replaces the code after the password, and a passkey sign-in asks for no code', async ({ page, context, authenticator }) => {
  // A sign-up, two-factor turned on, a passkey added, two sign-ins: about 10 s on a busy 2-core machine.
  test.setTimeout(60_000);
  const email = uniqueEmail('passkey-mfa');
  await signUp(page, email);
  await turnOn(page);
  await addPasskey(page);
  // A second device: its passkey is the one that signs in below.
  const laptop = await replaceAuthenticator(authenticator);
  await addPasskey(page);
  await expect(passkeyItems(page)).toHaveCount(2);
  expect(await laptop.credentials()).toHaveLength(1);
  await page.screenshot({ path: `${SCREENS}/passkeys-settings.png`, fullPage: true });

  await page.goto('/dashboard');
  await signOut(page);
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await expect(page.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/passkeys-login-verify.png`, fullPage: true });
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expectOnDashboard(page, email);
  await expectSessionCookies(context);

  await signOut(page);
  await signInWithPasskey(page);
  await expectOnDashboard(page, email);
});

test('the passkey buttons work from the keyboard', async ({ page }) => {
  const email = uniqueEmail('passkey-keyboard');
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  // Password, Confirm password, Sign up, then the passkey button.
  for (let step = 0; step < 4; step += 1) await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Create a passkey' })).toBeFocused();
  await page.screenshot({ path: `${SCREENS}/passkeys-signup-focus.png`, fullPage: true });
  await page.keyboard.press('Enter');
  await expectOnDashboard(page, email);

  await signOut(page);
  await page.getByLabel('Email').focus();
  // Password, Sign in, then the passkey button.
  for (let step = 0; step < 3; step += 1) await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeFocused();
  await page.screenshot({ path: `${SCREENS}/passkeys-login-focus.png`, fullPage: true });
  await page.keyboard.press('Enter');
  await expectOnDashboard(page, email);
});

test("an admin sees a user's passkeys and removes one, but never the last way into an account without a password", async ({ page, newDevice }) => {
  test.setTimeout(45_000);
  const email = uniqueEmail('passkey-admin');
  await signUpWithPasskey(page, email);

  const { page: admin } = await newDevice();
  await signIn(admin, 'admin@example.com', DEMO_PASSWORD);
  await admin.goto('/admin');
  await expect(admin.locator('dt', { hasText: /^Accounts with passkeys$/ })).toBeVisible();
  await admin.goto('/admin/users');
  await admin.getByLabel('Search').fill(email);
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.getByRole('link', { name: email }).click();
  await expect(admin.getByTestId('user-password')).toHaveText('None (signs in with passkeys or connected accounts)');
  const passkeys = admin.getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
  await expect(passkeys).toHaveCount(1);
  await expect(passkeys.first()).toContainText(DEFAULT_NAME);

  await passkeys.first().getByRole('button', { name: 'Remove' }).click();
  await expect(admin.locator('.form-error[role=alert]')).toHaveText("This is the user's only way to sign in: they have no password.");
  await expect(passkeys).toHaveCount(1);

  // With a password set, the passkey may go: the owner is told an administrator removed it.
  await page.goto('/settings/security');
  await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Confirm new password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Set a password' }).click();
  await expect(page.getByRole('heading', { name: 'Change password', level: 2 })).toBeVisible();
  await admin.reload();
  await expect(admin.getByTestId('user-password')).toHaveText('Set');
  await passkeys.first().getByRole('button', { name: 'Remove' }).click();
  await expect(admin.getByText('No passkeys.')).toBeVisible();
  await openMail(admin, email, REMOVED_SUBJECT);
  await expect(admin.getByTestId('mail-text')).toContainText(`An administrator removed the passkey “${DEFAULT_NAME}” from your Latchkey account`);
});
