import { expect } from '@playwright/test';
import { expectOnDashboard, loginUrl, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { expectSessionCookies, sessionCookieValues } from './helpers/cookies';
import { CHROME_LINUX_UA, FIREFOX_MAC_UA, test } from './helpers/devices';
import { SCREENS } from './helpers/pages';
import { jwtPayload } from './helpers/tokens';

const PASSWORD = 'correct-horse-battery';
const META = /^IP \S+ · Signed in \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC · Last active \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC$/;

test('the devices page lists both devices and signs the other one out at once', async ({ newDevice }) => {
  const email = uniqueEmail('devices');
  const chrome = await newDevice(CHROME_LINUX_UA);
  const firefox = await newDevice(FIREFOX_MAC_UA);
  await signUp(chrome.page, email, PASSWORD);
  await signIn(firefox.page, email, PASSWORD);

  await chrome.page.goto('/settings/sessions');
  await expect(chrome.page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  const sessions = chrome.page.getByTestId('session');
  await expect(sessions).toHaveCount(2);
  const mine = sessions.filter({ hasText: 'Chrome on Linux' });
  const other = sessions.filter({ hasText: 'Firefox on macOS' });
  await expect(mine).toHaveCount(1);
  await expect(other).toHaveCount(1);
  await expect(mine.locator('.device')).toHaveText(/^Chrome on Linux\s*This device$/);
  await expect(mine.getByText('This device', { exact: true })).toBeVisible();
  await expect(other.locator('.device')).toHaveText('Firefox on macOS');
  await expect(other.getByText('This device')).toHaveCount(0);
  await expect(mine.locator('.meta')).toHaveText(META);
  await expect(other.locator('.meta')).toHaveText(META);
  // The current session cannot be signed out from its own row; the other one can.
  await expect(mine.getByRole('button')).toHaveCount(0);
  await expect(other.getByRole('button', { name: 'Sign out' })).toHaveText('Sign out');
  await expect(chrome.page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
  await chrome.page.screenshot({ path: `${SCREENS}/settings-sessions-two-devices.png`, fullPage: true });

  // Firefox's access token is nowhere near its expiry: only the revocation can sign it out.
  const firefoxTokens = await expectSessionCookies(firefox.context);
  expect(jwtPayload(firefoxTokens.access).exp).toBeGreaterThan(Date.now() / 1000 + 600);

  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText('Chrome on Linux');
  await expect(sessions).toContainText('This device');

  await firefox.page.goto('/dashboard');
  await expect(firefox.page).toHaveURL(loginUrl('/dashboard'));
  await expect(firefox.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // The device that did it is unaffected.
  await chrome.page.goto('/dashboard');
  await expectOnDashboard(chrome.page, email);

});

test('"Sign out everywhere" ends this session and every other one', async ({ newDevice }, testInfo) => {
  const email = uniqueEmail('everywhere');
  const chrome = await newDevice(CHROME_LINUX_UA);
  const firefox = await newDevice(FIREFOX_MAC_UA);
  await signUp(chrome.page, email, PASSWORD);
  await signIn(firefox.page, email, PASSWORD);
  const chromeTokens = await expectSessionCookies(chrome.context);

  await chrome.page.goto('/settings/sessions');
  await expect(chrome.page.getByTestId('session')).toHaveCount(2);
  await chrome.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(chrome.page).toHaveURL(/\/login$/);
  await expect(chrome.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await sessionCookieValues(chrome.context)).toEqual({ access: undefined, refresh: undefined });

  await firefox.page.goto('/dashboard');
  await expect(firefox.page).toHaveURL(loginUrl('/dashboard'));

  // Chrome's old tokens, put back, no longer open anything either.
  await chrome.context.addCookies([
    { name: 'latchkey_access', value: chromeTokens.access, url: testInfo.project.use.baseURL!, httpOnly: true },
    { name: 'latchkey_refresh', value: chromeTokens.refresh, url: testInfo.project.use.baseURL!, httpOnly: true },
  ]);
  await chrome.page.goto('/settings/sessions');
  await expect(chrome.page).toHaveURL(loginUrl('/settings/sessions'));

});

test('the header links to Settings, which links to Sessions and Security', async ({ page }) => {
  await page.goto('/login');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);

  const email = uniqueEmail('settings');
  await signUp(page, email, PASSWORD);
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}.`)).toBeVisible();
  await expect(page).toHaveTitle('Settings · Latchkey');
  await page.screenshot({ path: `${SCREENS}/settings.png`, fullPage: true });

  const main = page.getByRole('main');
  await main.getByRole('link', { name: 'Sessions' }).click();
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  await expect(page.getByTestId('session')).toHaveCount(1);

  await page.goBack();
  await expect(page).toHaveURL(/\/settings$/);
  await main.getByRole('link', { name: 'Security' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Change password', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Two-factor authentication', level: 2 })).toBeVisible();
  await expect(page.getByLabel('Current password')).toBeVisible();

  // The settings pages are protected.
  await page.context().clearCookies();
  await page.goto('/settings/security');
  await expect(page).toHaveURL(loginUrl('/settings/security'));
});
