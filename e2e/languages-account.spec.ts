import { type Page, expect, test } from '@playwright/test';
import de from '../messages/de.json';
import { signUp, uniqueEmail } from './helpers/accounts';
import { CHROME_LINUX_UA } from './helpers/devices';
import { SCREENS } from './helpers/pages';
import { rememberSecret } from './helpers/server-log';
import { previousStepCode, wrongCodeFor } from './helpers/two-factor';

// The signed-in user's pages in German: a person who saved German in Settings → Language reads
// the dashboard, sessions, security, connected accounts and activity in German, gets the forms'
// refusals in German and sees dates written the German way. The account is made in English (the
// sign-up page is another journey's) and switches language the way a person does.

test.use({ userAgent: CHROME_LINUX_UA });

// "28. Nov. 2026, 01:35", "3. März 2026, 09:05": day, point, German month, year, 24-hour time.
const GERMAN_DATE = /\d{1,2}\. (Jan\.|Feb\.|März|Apr\.|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.) \d{4}, \d{2}:\d{2}/;

async function chooseGerman(page: Page): Promise<void> {
  await page.goto('/settings');
  await page.locator('#settings-language').selectOption('de');
  await page.locator('#settings-language').locator('xpath=ancestor::form').getByRole('button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}

test('a German reader: dashboard, sessions, security with its refusals and two-factor, connected accounts, activity', async ({ page }) => {
  // A sign-up, a wrong password and turning on two-factor: bcrypt thrice on a busy 2-core machine.
  test.setTimeout(90_000);
  const email = uniqueEmail('deutsch');
  await signUp(page, email);
  await chooseGerman(page);

  await page.goto('/dashboard');
  await expect(page).toHaveTitle(new RegExp(`^${de.dashboard.title} · `));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.dashboard.title);
  await expect(page.getByText(de.dashboard.signedIn)).toBeVisible();
  await expect(page.locator('dt')).toHaveText([de.dashboard.email, de.dashboard.role]);
  await expect(page.getByTestId('user-email')).toHaveText(email);

  await page.goto('/settings/sessions');
  await expect(page).toHaveTitle(new RegExp(`^${de.sessions.title} · `));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.sessions.title);
  await expect(page.getByText(de.sessions.lead)).toBeVisible();
  const session = page.getByTestId('session');
  await expect(session).toHaveCount(1);
  await expect(session.locator('.device')).toHaveText(new RegExp(`^Chrome unter Linux\\s*${de.sessions.thisDevice}$`));
  await expect(session.locator('.meta')).toHaveText(
    new RegExp(`^IP \\S+ · Angemeldet am ${GERMAN_DATE.source} \\S+ · Zuletzt aktiv am ${GERMAN_DATE.source} \\S+$`),
  );
  await expect(page.getByRole('button', { name: de.sessions.signOutEverywhere })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/de-settings-sessions.png`, fullPage: true });

  // The password form's refusal comes in German.
  await page.goto('/settings/security');
  await expect(page).toHaveTitle(new RegExp(`^${de.security.title} · `));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.security.title);
  await expect(page.getByRole('heading', { level: 2, name: de.security.changePasswordTitle })).toBeVisible();
  await expect(page.getByText(de.security.changePasswordLead)).toBeVisible();
  await page.getByLabel(de.security.currentPassword).fill('not-my-password');
  await page.getByLabel(de.security.newPassword, { exact: true }).fill('a-new-password-2026');
  await page.getByLabel(de.security.confirmNewPassword).fill('a-new-password-2026');
  await page.getByRole('button', { name: de.security.changePassword }).click();
  await expect(page.locator('#field-currentPassword-error')).toHaveText(de.security.wrongPassword);
  await expect(page.getByLabel(de.security.currentPassword)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { level: 2, name: de.passkeys.title })).toBeVisible();
  await expect(page.getByText(de.passkeys.none)).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: de.passkeys.addTitle })).toBeVisible();

  // Turning on two-factor authentication speaks German from the first step to the recovery codes.
  const section = page.getByRole('region', { name: de.twoFactor.title });
  await expect(section.getByText(de.twoFactor.intro)).toBeVisible();
  await section.getByRole('button', { name: de.twoFactor.turnOn }).click();
  await expect(section.getByRole('img', { name: de.twoFactor.qrLabel })).toBeVisible();
  await expect(section.getByText(de.twoFactor.scan)).toBeVisible();
  await expect(section.getByText(de.twoFactor.cantScan)).toBeVisible();
  await expect(section.getByText(de.twoFactor.enterCode)).toBeVisible();
  const secret = await startSetupSecret(page);
  await section.getByLabel(de.twoFactor.code, { exact: true }).fill(wrongCodeFor(secret));
  await section.getByRole('button', { name: de.twoFactor.verify }).click();
  await expect(page.locator('#field-code-error')).toHaveText(de.twoFactor.wrongSetupCode);
  await section.getByLabel(de.twoFactor.code, { exact: true }).fill(await previousStepCode(secret));
  await section.getByRole('button', { name: de.twoFactor.verify }).click();
  await expect(section.getByRole('heading', { name: de.twoFactor.saveCodesTitle })).toBeVisible();
  await expect(section.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await expect(section.getByRole('link', { name: de.twoFactor.download })).toBeVisible();
  await expect(section.getByRole('button', { name: de.twoFactor.copy })).toBeVisible();
  await expect(section.locator('p.form-success')).toHaveText(
    new RegExp(`^Die Zwei-Faktor-Authentifizierung ist eingeschaltet \\(seit ${GERMAN_DATE.source} \\S+\\)\\. Sie haben noch 10 Wiederherstellungscodes\\.$`),
  );
  await expect(section.getByRole('button', { name: de.twoFactor.regenerate })).toBeVisible();
  await expect(section.getByRole('heading', { name: de.twoFactor.turnOffTitle })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/de-settings-security.png`, fullPage: true });

  await page.goto('/settings/connected');
  await expect(page).toHaveTitle(new RegExp(`^${de.connected.title} · `));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.connected.title);
  await expect(page.getByText(de.connected.lead)).toBeVisible();
  await expect(page.getByText(de.connected.none)).toBeVisible();

  // The activity page: events in German, newest first, dates the German way.
  await page.goto('/settings/activity');
  await expect(page).toHaveTitle(new RegExp(`^${de.activity.title} · `));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.activity.title);
  await expect(page.getByText(de.activity.lead)).toBeVisible();
  const events = page.getByTestId('event');
  const from = (sentence: string) => new RegExp(`^${sentence} von Chrome unter Linux, \\S+`);
  await expect(events.first()).toContainText(from(de.events.types.mfa_enabled));
  await expect(events.last()).toContainText(from(de.events.types.sign_up));
  await expect(events.last().locator('time')).toHaveText(GERMAN_DATE);
  await expect(page.getByText(de.activity.empty, { exact: true })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/de-settings-activity.png`, fullPage: true });
});

/** The key shown beside the QR code (as startSetup in helpers/two-factor.ts reads it, after the German button). */
async function startSetupSecret(page: Page): Promise<string> {
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  rememberSecret('two-factor key', secret);
  return secret;
}
