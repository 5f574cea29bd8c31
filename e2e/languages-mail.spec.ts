import { type Page, expect, test } from '@playwright/test';
import { signUp, uniqueEmail } from './helpers/accounts';
import { VERIFY_SUBJECT, mailLink, openMail } from './helpers/mail';
import { waitForHydratedForm } from './helpers/pages';
import { rememberSecret } from './helpers/server-log';

// Mail in the language of its recipient, read in the dev outbox: a sign-up on a German page saves
// German for the account and gets German mail; a reset asked for on a German page (signed out)
// gets German mail; an English sign-up gets English mail. The forms are found by their fields'
// names, so these tests hold whatever language the pages' own words are in.

const PASSWORD = 'correct-horse-battery';
const GERMAN_VERIFY_SUBJECT = 'Bestätigen Sie Ihre E-Mail-Adresse';
const GERMAN_RESET_SUBJECT = 'Setzen Sie Ihr Passwort zurück';

const submit = (page: Page) => page.locator('main form button[type="submit"].primary');

async function signUpByFieldNames(page: Page, email: string): Promise<void> {
  rememberSecret('password', PASSWORD);
  await page.goto('/signup');
  await waitForHydratedForm(page);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('input[name="confirmPassword"]').fill(PASSWORD);
  await submit(page).click();
  // Generous: a sign-up runs bcrypt, slow on a busy 2-core machine.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
}

test.describe('from a German page', () => {
  test.use({ locale: 'de-DE' });

  test('a sign-up gets its verification mail in German', async ({ page }) => {
    const email = uniqueEmail('mail-de');
    await page.goto('/signup');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await signUpByFieldNames(page, email);

    await openMail(page, email, GERMAN_VERIFY_SUBJECT);
    const text = page.getByTestId('mail-text');
    await expect(text).toContainText('Willkommen bei Latchkey.');
    await expect(text).toContainText('Der Link funktioniert einmal und läuft in 24 Stunden ab.');
    await expect(text).toContainText('E-Mail-Adresse bestätigen: ');
    await expect(mailLink(page, '/verify-email')).toBeVisible();
  });

  test('a reset asked for while signed out is mailed in German', async ({ page, browser, baseURL }) => {
    // The account was opened in English: the reset follows the page it is asked on.
    const email = uniqueEmail('reset-de');
    const english = await browser.newContext({ baseURL, locale: 'en-US' });
    await signUp(await english.newPage(), email, PASSWORD);
    await english.close();

    await page.goto('/forgot-password');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await waitForHydratedForm(page);
    await page.locator('input[name="email"]').fill(email);
    await submit(page).click();
    await expect(page.getByRole('status')).toBeVisible();

    await openMail(page, email, GERMAN_RESET_SUBJECT);
    const text = page.getByTestId('mail-text');
    await expect(text).toContainText('Jemand (hoffentlich Sie) hat angefordert, das Passwort Ihres Latchkey-Kontos zurückzusetzen.');
    await expect(text).toContainText('läuft in 30 Minuten ab');
    await expect(mailLink(page, '/reset-password')).toBeVisible();
  });
});

test('an English sign-up gets its verification mail in English', async ({ page }) => {
  const email = uniqueEmail('mail-en');
  await signUpByFieldNames(page, email);
  await openMail(page, email, VERIFY_SUBJECT);
  const text = page.getByTestId('mail-text');
  await expect(text).toContainText('Welcome to Latchkey.');
  await expect(text).toContainText('The link works once and expires in 24 hours.');
  await expect(text).not.toContainText('Willkommen');
});
