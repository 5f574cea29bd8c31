import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, signUp, uniqueEmail } from './helpers/accounts';
import { SCREENS } from './helpers/pages';
import { advanceServerClock, serverClockOffsetMs } from './helpers/server-clock';
import { codeFor, shownRecoveryCodes, startSetup, twoFactor } from './helpers/two-factor';

// A session alone cannot turn two-factor authentication on or create new recovery codes once its
// sign-in is more than 5 minutes old: the current password is asked for. On the server whose
// clock the tests move forward (e2e/movable-clock.mjs), so codes follow the server's time.

const STALE = 'Enter your current password: you signed in more than 5 minutes ago.';
const WRONG = 'Your current password is incorrect.';

test('turning two-factor on and new recovery codes ask for the password once the sign-in is 5 minutes old', async ({ page }) => {
  const email = uniqueEmail('step-up');
  await signUp(page, email);
  await advanceServerClock(6 * 60);

  const secret = await startSetup(page);
  const setup = twoFactor(page);
  await expect(setup.getByLabel('Current password')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/mfa-setup-password.png`, fullPage: true });
  await setup.getByLabel('Code').fill(codeFor(secret, -1, serverClockOffsetMs()));
  await setup.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#field-password-error')).toHaveText(STALE);
  await expect(setup.getByLabel('Current password')).toBeFocused();
  await setup.getByLabel('Current password').fill('not-my-password');
  await setup.getByLabel('Code').fill(codeFor(secret, -1, serverClockOffsetMs()));
  await setup.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#field-password-error')).toHaveText(WRONG);
  await page.screenshot({ path: `${SCREENS}/mfa-setup-wrong-password.png`, fullPage: true });
  await setup.getByLabel('Current password').fill(GOOD_PASSWORD);
  await setup.getByLabel('Code').fill(codeFor(secret, -1, serverClockOffsetMs()));
  await setup.getByRole('button', { name: 'Verify' }).click();
  await shownRecoveryCodes(page);

  // The password counted as a fresh sign-in; 6 minutes later it is asked for again.
  await advanceServerClock(6 * 60);
  await page.reload();
  const regenerate = page.getByRole('form', { name: 'Recovery codes' });
  await expect(regenerate.getByLabel('Current password')).toBeVisible();
  await regenerate.getByLabel('Code').fill(codeFor(secret, 0, serverClockOffsetMs()));
  await regenerate.getByRole('button', { name: 'Create new recovery codes' }).click();
  await expect(page.locator('#field-regeneratePassword-error')).toHaveText(STALE);
  await regenerate.getByLabel('Current password').fill(GOOD_PASSWORD);
  await regenerate.getByLabel('Code').fill(codeFor(secret, 0, serverClockOffsetMs()));
  await regenerate.getByRole('button', { name: 'Create new recovery codes' }).click();
  await shownRecoveryCodes(page);
});

test('a page opened right after signing in asks for the password when it is used 5 minutes later', async ({ page }) => {
  const email = uniqueEmail('step-up-open');
  await signUp(page, email);
  const secret = await startSetup(page);
  await expect(twoFactor(page).getByLabel('Current password')).toHaveCount(0);
  await twoFactor(page).getByLabel('Code').fill(codeFor(secret, -1, serverClockOffsetMs()));
  await twoFactor(page).getByRole('button', { name: 'Verify' }).click();
  await shownRecoveryCodes(page);

  // Rendered while the sign-in was recent, the form has no password field; the answer adds it.
  const regenerate = page.getByRole('form', { name: 'Recovery codes' });
  await expect(regenerate.getByLabel('Current password')).toHaveCount(0);
  await advanceServerClock(6 * 60);
  await regenerate.getByLabel('Code').fill(codeFor(secret, 0, serverClockOffsetMs()));
  await regenerate.getByRole('button', { name: 'Create new recovery codes' }).click();
  await expect(page.locator('#field-regeneratePassword-error')).toHaveText(STALE);
  await expect(regenerate.getByLabel('Current password')).toBeVisible();
  await regenerate.getByLabel('Current password').fill(GOOD_PASSWORD);
  await regenerate.getByLabel('Code').fill(codeFor(secret, 0, serverClockOffsetMs()));
  await regenerate.getByRole('button', { name: 'Create new recovery codes' }).click();
  await shownRecoveryCodes(page);
});
