import { type Page, expect } from '@playwright/test';
import { expectOnDashboard, loginUrl, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { expectSessionCookies } from './helpers/cookies';
import { CHROME_LINUX_UA, FIREFOX_MAC_UA, type NewDevice, test } from './helpers/devices';
import { SCREENS } from './helpers/pages';

const OLD_PASSWORD = 'correct-horse-battery';
const NEW_PASSWORD = 'new-staple-lantern-42';

async function changePassword(page: Page, current: string, next: string, confirm = next): Promise<void> {
  await page.getByLabel('Current password').fill(current);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Confirm new password').fill(confirm);
  await page.getByRole('button', { name: 'Change password' }).click();
}

/** The error list of one field, tied to its input by aria-describedby. */
function fieldErrors(page: Page, name: string) {
  return page.locator(`#field-${name}-error`);
}

/** Signs in from a brand-new device and reports whether it worked, showing the form's error if not. */
async function tryFreshSignIn(newDevice: NewDevice, email: string, password: string) {
  const device = await newDevice(FIREFOX_MAC_UA);
  await device.page.goto('/login');
  await device.page.getByLabel('Email').fill(email);
  await device.page.getByLabel('Password').fill(password);
  await device.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return device;
}

async function expectSignInFails(newDevice: NewDevice, email: string, password: string) {
  const device = await tryFreshSignIn(newDevice, email, password);
  await expect(device.page.locator('form').getByRole('alert')).toHaveText('Incorrect email or password.');
  await expect(device.page).toHaveURL(/\/login$/);
  await device.context.close();
}

async function expectSignInWorks(newDevice: NewDevice, email: string, password: string) {
  const device = await tryFreshSignIn(newDevice, email, password);
  await expectOnDashboard(device.page, email);
  await device.context.close();
}

test('a wrong current password is refused and changes nothing', async ({ page, newDevice }) => {
  const email = uniqueEmail('wrongpw');
  await signUp(page, email, OLD_PASSWORD);
  await page.goto('/settings/security');
  await changePassword(page, 'not-my-password', NEW_PASSWORD);

  await expect(fieldErrors(page, 'currentPassword')).toHaveText('Your current password is incorrect.');
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Password changed.')).toHaveCount(0);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await page.screenshot({ path: `${SCREENS}/settings-security-wrong-current.png`, fullPage: true });

  // Still signed in here, and the old password is still the password.
  await page.goto('/dashboard');
  await expectOnDashboard(page, email);
  await expectSignInWorks(newDevice, email, OLD_PASSWORD);
  await expectSignInFails(newDevice, email, NEW_PASSWORD);
});

test('the new password follows the sign-up rules', async ({ page, newDevice }) => {
  const email = uniqueEmail('pwrules');
  await signUp(page, email, OLD_PASSWORD);
  await page.goto('/settings/security');

  await changePassword(page, OLD_PASSWORD, 'short', 'short');
  await expect(fieldErrors(page, 'newPassword')).toHaveText('Password must be at least 8 characters.');
  await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(fieldErrors(page, 'currentPassword')).toHaveCount(0);

  await changePassword(page, OLD_PASSWORD, NEW_PASSWORD, `${NEW_PASSWORD}!`);
  await expect(fieldErrors(page, 'confirmNewPassword')).toHaveText('Passwords do not match.');
  await expect(fieldErrors(page, 'newPassword')).toHaveCount(0);

  await changePassword(page, '', 'short', 'other');
  await expect(fieldErrors(page, 'currentPassword')).toHaveText('Enter your current password.');
  await expect(fieldErrors(page, 'newPassword')).toHaveText('Password must be at least 8 characters.');
  await expect(fieldErrors(page, 'confirmNewPassword')).toHaveText('Passwords do not match.');
  await expect(page.getByText('Password changed.')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/settings-security-errors.png`, fullPage: true });

  await expectSignInWorks(newDevice, email, OLD_PASSWORD);
});

test('changing the password signs out every other session and keeps this one', async ({ newDevice }) => {
  // Four browsers, four sign-ins: 10 s on a quiet 2-core machine, 11 s on a busy one.
  test.setTimeout(45_000);
  const email = uniqueEmail('pwchange');
  const here = await newDevice(CHROME_LINUX_UA);
  const elsewhere = await newDevice(FIREFOX_MAC_UA);
  await signUp(here.page, email, OLD_PASSWORD);
  await signIn(elsewhere.page, email, OLD_PASSWORD);
  const before = await expectSessionCookies(here.context);

  await here.page.goto('/settings/security');
  await changePassword(here.page, OLD_PASSWORD, NEW_PASSWORD);
  await expect(here.page.getByRole('status')).toHaveText('Password changed. Every other session has been signed out.');
  await expect(here.page).toHaveURL(/\/settings\/security$/);
  await expect(here.page.locator('.field-error')).toHaveCount(0);
  await here.page.screenshot({ path: `${SCREENS}/settings-security-success.png`, fullPage: true });

  // This session got fresh tokens and carries on.
  const after = await expectSessionCookies(here.context);
  expect(after.access).not.toBe(before.access);
  expect(after.refresh).not.toBe(before.refresh);
  await here.page.goto('/dashboard');
  await expectOnDashboard(here.page, email);
  await here.page.goto('/settings/sessions');
  await expect(here.page.getByTestId('session')).toHaveCount(1);
  await expect(here.page.getByTestId('session')).toContainText('This device');

  // The other one is signed out at its next page load.
  await elsewhere.page.goto('/dashboard');
  await expect(elsewhere.page).toHaveURL(loginUrl('/dashboard'));

  await expectSignInFails(newDevice, email, OLD_PASSWORD);
  await expectSignInWorks(newDevice, email, NEW_PASSWORD);
});
