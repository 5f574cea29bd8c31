import { expect } from '@playwright/test';
import { GOOD_PASSWORD, signUp, uniqueEmail } from './helpers/accounts';
import { addPasskey, passkeyItems, passkeysPanel, signUpWithPasskey, test } from './helpers/passkeys';
import { advanceServerClock } from './helpers/server-clock';

// Adding a way into the account once the sign-in is more than 5 minutes old: the current password,
// or for an account without one, one of its passkeys. On the server whose clock the tests move
// forward (e2e/servers/movable-clock.mjs).

const STALE = 'Enter your current password: you signed in more than 5 minutes ago.';
const WRONG = 'Your current password is incorrect.';

test('adding a passkey asks for the current password once the sign-in is 5 minutes old', async ({ page, authenticator }) => {
  const email = uniqueEmail('passkey-step-up');
  await signUp(page, email);
  await advanceServerClock(6 * 60);

  await page.goto('/settings/security');
  const panel = passkeysPanel(page);
  const password = panel.getByLabel('Current password');
  await expect(password).toBeVisible();
  await panel.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(panel.getByText(STALE)).toBeVisible();
  await password.fill('not-my-password');
  await panel.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(panel.getByText(WRONG)).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(0);

  expect(await addPasskey(page, GOOD_PASSWORD)).toMatch(/^Passkey on /);
  await expect(passkeyItems(page)).toHaveCount(1);
  expect(await authenticator.credentials()).toHaveLength(1);
});

test('without a password, a passkey confirms it is the person once the sign-in is 5 minutes old', async ({ page }) => {
  const email = uniqueEmail('passkey-confirm');
  await signUpWithPasskey(page, email);
  await advanceServerClock(6 * 60);

  await page.goto('/settings/security');
  const confirm = page.getByRole('button', { name: 'Confirm with a passkey' });
  await expect(confirm).toBeVisible();
  await expect(page.getByRole('button', { name: 'Set a password' })).toHaveCount(0);
  await expect(passkeysPanel(page).getByRole('button', { name: 'Add a passkey' })).toHaveCount(0);

  await confirm.click();
  await expect(page.getByRole('button', { name: 'Set a password' })).toBeVisible();
  await expect(passkeysPanel(page).getByRole('button', { name: 'Add a passkey' })).toBeVisible();
  await expect(confirm).toHaveCount(0);
});
