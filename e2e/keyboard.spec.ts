import { type Page, expect } from '@playwright/test';
import { GOOD_PASSWORD, expectOnDashboard, loginUrl, signIn, signOut, signUp, uniqueEmail } from './helpers/accounts';
import { test } from './helpers/devices';
import { expectVisibleFocus, tabAndType, tabTo } from './helpers/keyboard';
import { SCREENS, expectHydrated } from './helpers/pages';
import { codeFor, turnOn, wrongCodeFor } from './helpers/two-factor';
import { words } from './helpers/words';

// Keyboard-only journeys: a person who uses no mouse signs up, signs in with two-factor, changes
// the password and signs out everywhere with Tab, Shift+Tab, Enter and Space alone (typing into
// the focused field), and sees where the focus is at every stop (e2e/helpers/keyboard.ts).
// Setup that is not the journey under test (making an account, turning two-factor on) uses the
// usual helpers; the journey itself never clicks. The `german` project runs them in German.

const NEW_PASSWORD = 'new-staple-lantern-42';

/** Follows a link with the keyboard: Tab to it, Enter. */
async function followLink(page: Page, name: string, path: string): Promise<void> {
  await tabTo(page, page.getByRole('link', { name, exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expectHydrated(page);
}

/** A screenshot of where the focus is, for a person to review (test-results/screens/keyboard-*.png). */
async function shootFocus(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENS}/keyboard-${name}.png` });
}

/** After a navigation took the focused element away: the focus is on the main content, and Tab goes on inside it. */
async function expectFocusOnMain(page: Page): Promise<void> {
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expectVisibleFocus(page);
  expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))).toBe(true);
}

/** Opens a page by its address, as typed into the address bar, and waits for it to be interactive. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expectHydrated(page);
}

test('sign up with the keyboard', async ({ page }) => {
  const email = uniqueEmail('keyboard-signup');
  await open(page, '/signup');
  // The first stop is the skip link, shown when it has the focus; Enter moves on to the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: words().common.skipToContent })).toBeFocused();
  await expectVisibleFocus(page);
  await shootFocus(page, 'skip-link');
  await page.keyboard.press('Enter');

  const { formControls, signUp: text } = words();
  await tabAndType(page, page.getByLabel(formControls.email), email);
  await tabAndType(page, page.getByLabel(text.password, { exact: true }), GOOD_PASSWORD);
  await tabAndType(page, page.getByLabel(text.confirmPassword), GOOD_PASSWORD);
  // Shift+Tab goes back through the form, as visibly.
  await tabTo(page, page.getByLabel(formControls.email), 'backward');
  await tabTo(page, page.getByRole('button', { name: text.submit, exact: true }));
  await shootFocus(page, 'signup-button');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  await expectOnDashboard(page, email);
  // The button is gone with the old page: the focus goes to the new page's content, not nowhere.
  await expectFocusOnMain(page);
});

test('sign in with two-factor with the keyboard', async ({ page }) => {
  // Setup (sign-up, two-factor on) and a sign-in: about 5 s on a quiet 2-core machine.
  test.setTimeout(60_000);
  const email = uniqueEmail('keyboard-mfa');
  await signUp(page, email);
  const { secret } = await turnOn(page);
  await signOut(page);

  const { formControls, signIn: text, twoFactorSignIn } = words();
  await open(page, '/login');
  await tabAndType(page, page.getByLabel(formControls.email), email);
  await tabAndType(page, page.getByLabel(text.password), GOOD_PASSWORD);
  await tabTo(page, page.getByRole('button', { name: text.submit, exact: true }));
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/login\/verify/, { timeout: 15_000 });
  await expectHydrated(page);

  // A wrong code comes back with the focus on the field, still visible.
  const code = page.getByLabel(twoFactorSignIn.codeLabel, { exact: true });
  await tabAndType(page, code, wrongCodeFor(secret));
  await page.keyboard.press('Enter');
  await expect(page.locator('#field-code-error')).toHaveText(twoFactorSignIn.wrongCode);
  await expect(code).toBeFocused();
  await expectVisibleFocus(page);
  await shootFocus(page, 'wrong-code');
  await page.keyboard.press('Shift+Tab');
  await tabTo(page, code);
  await expect(code).toHaveValue('');
  await page.keyboard.type(codeFor(secret));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  await expectOnDashboard(page, email);
});

test('change the password with the keyboard', async ({ page, newDevice }) => {
  test.setTimeout(60_000);
  const email = uniqueEmail('keyboard-password');
  await signUp(page, email);

  const { common, settings, security } = words();
  await open(page, '/dashboard');
  await tabTo(page, page.getByRole('link', { name: common.settings, exact: true }));
  await shootFocus(page, 'header-link');
  await followLink(page, common.settings, '/settings');
  await followLink(page, settings.security, '/settings/security');
  await tabTo(page, page.getByLabel(security.currentPassword));
  await shootFocus(page, 'current-password');
  await page.keyboard.type(GOOD_PASSWORD);
  await tabAndType(page, page.getByLabel(security.newPassword, { exact: true }), NEW_PASSWORD);
  await tabAndType(page, page.getByLabel(security.confirmNewPassword), NEW_PASSWORD);
  await tabTo(page, page.getByRole('button', { name: security.changePassword }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(security.passwordChanged, { timeout: 15_000 });

  // The new password is the one that works.
  const { page: other } = await newDevice();
  await signIn(other, email, NEW_PASSWORD);
});

test('sign out everywhere with the keyboard', async ({ page, newDevice }) => {
  test.setTimeout(60_000);
  const email = uniqueEmail('keyboard-everywhere');
  await signUp(page, email);
  const { page: other } = await newDevice();
  await signIn(other, email, GOOD_PASSWORD);

  const { common, settings, sessions } = words();
  await open(page, '/dashboard');
  await followLink(page, common.settings, '/settings');
  await followLink(page, settings.sessions, '/settings/sessions');
  await expect(page.getByTestId('session')).toHaveCount(2);
  await tabTo(page, page.getByRole('button', { name: sessions.signOutEverywhere }));
  await shootFocus(page, 'sign-out-everywhere');
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/login$/);
  await expectFocusOnMain(page);

  await other.goto('/dashboard');
  await expect(other).toHaveURL(loginUrl('/dashboard'));
});
