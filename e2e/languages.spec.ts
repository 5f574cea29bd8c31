import { type Browser, type BrowserContextOptions, type Page, expect, test } from '@playwright/test';
import de from '../messages/de.json';
import en from '../messages/en.json';
import { MOMENT } from '../lib/i18n/moment';
import { GOOD_PASSWORD, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { baseURLOf } from './helpers/pages';

// Which language a page speaks: the user's saved choice, then the footer switcher's latchkey_lang
// cookie, then the browser's Accept-Language, then DEFAULT_LOCALE (English here). No locale in
// the address: existing links and next= keep working.

async function open(browser: Browser, options: BrowserContextOptions & { cookie?: string; baseURL: string }) {
  const { cookie, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  if (cookie) await context.addCookies([{ name: 'latchkey_lang', value: cookie, url: options.baseURL }]);
  return { context, page: await context.newPage() };
}

async function expectLanguage(page: Page, lang: 'en' | 'de'): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  const messages = lang === 'de' ? de : en;
  await expect(page.locator('footer').getByRole('button')).toHaveText(messages.language.change);
}

/** Fills the sign-in or sign-up form by its fields' ids, whatever language its labels are in. */
async function submitInAnyLanguage(page: Page, fields: { email: string; password: string; confirmPassword?: string }): Promise<void> {
  await page.locator('#field-email').fill(fields.email);
  await page.locator('#field-password').fill(fields.password);
  if (fields.confirmPassword) await page.locator('#field-confirmPassword').fill(fields.confirmPassword);
  await page.locator('form:has(#field-password) button[type="submit"]').click();
}

/** Picks a language with the footer's switcher, as a person does. */
async function switchLanguage(page: Page, from: 'en' | 'de', to: 'English' | 'Deutsch'): Promise<void> {
  const messages = from === 'de' ? de : en;
  const footer = page.locator('footer');
  await footer.getByLabel(messages.language.label).selectOption({ label: to });
  await footer.getByRole('button', { name: messages.language.change }).click();
}

test('the browser’s Accept-Language picks the language, a language Latchkey lacks gets DEFAULT_LOCALE', async ({ browser }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  for (const [locale, expected] of [['de-DE', 'de'], ['de-CH', 'de'], ['en-GB', 'en'], ['fr-FR', 'en']] as const) {
    const { context, page } = await open(browser, { locale, baseURL });
    await page.goto('/login');
    await expectLanguage(page, expected);
    await context.close();
  }
});

test('German pages keep their addresses: no locale prefix, next= still leads on after sign-in', async ({ browser }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  const email = uniqueEmail('lang-next');
  const { context, page } = await open(browser, { baseURL });
  await signUp(page, email);
  await context.close();

  const german = await open(browser, { locale: 'de-DE', baseURL });
  expect((await german.page.goto('/de/login'))?.status()).toBe(404);
  await german.page.goto('/settings/sessions');
  await expect(german.page).toHaveURL(/\/login\?next=%2Fsettings%2Fsessions$/);
  await expectLanguage(german.page, 'de');
  await submitInAnyLanguage(german.page, { email, password: GOOD_PASSWORD });
  await expect(german.page).toHaveURL(/\/settings\/sessions$/, { timeout: 15_000 });
  await german.context.close();
});

test('the footer switcher works without JavaScript, stays on the page and outranks the browser', async ({ browser }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  const { context, page } = await open(browser, { locale: 'en-US', javaScriptEnabled: false, baseURL });
  await page.goto('/login?next=%2Fsettings');
  await expectLanguage(page, 'en');
  await switchLanguage(page, 'en', 'Deutsch');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
  await expectLanguage(page, 'de');
  await expect(page.locator('footer select')).toHaveValue('de');
  const cookie = (await context.cookies()).find((c) => c.name === 'latchkey_lang');
  expect(cookie).toMatchObject({ value: 'de', httpOnly: true, sameSite: 'Lax', path: '/' });
  // A year: the choice outlives the browser session.
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);

  // Every page follows, whatever the browser asks for.
  await page.goto('/signup');
  await expectLanguage(page, 'de');
  await switchLanguage(page, 'de', 'English');
  await expect(page).toHaveURL(/\/signup$/);
  await expectLanguage(page, 'en');
  await context.close();
});

test('a forged switcher value changes nothing and sends nobody elsewhere', async ({ browser }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  const { context, page } = await open(browser, { locale: 'en-US', baseURL, cookie: 'de' });
  await page.goto('/signup');
  await page.locator('footer select').evaluate((select: HTMLSelectElement) => {
    select.add(new Option('Klingon', 'tlh'));
    select.value = 'tlh';
    (select.form!.elements.namedItem('next') as HTMLInputElement).value = '//evil.example/';
  });
  await page.locator('footer button').click();
  // Refused like any other foreign next=: the default page of this site.
  await expect(page).not.toHaveURL(/\/signup$/);
  expect(new URL(page.url()).origin).toBe(baseURL);
  await expectLanguage(page, 'de');
  expect((await context.cookies()).find((c) => c.name === 'latchkey_lang')?.value).toBe('de');
  await context.close();
});

test('a signed-in user’s choice is saved: it follows them to another browser and outranks its cookie', async ({ browser }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  const email = uniqueEmail('lang-saved');
  const first = await open(browser, { locale: 'en-US', baseURL });
  await signUp(first.page, email);
  await first.page.goto('/settings');
  const settings = first.page.getByRole('region', { name: en.language.settingsTitle });
  await settings.getByLabel(en.language.label).selectOption({ label: 'Deutsch' });
  await settings.getByRole('button', { name: en.language.save }).click();
  await expect(first.page).toHaveURL(/\/settings$/);
  await expectLanguage(first.page, 'de');
  await expect(first.page.getByRole('heading', { level: 1 })).toHaveText(de.settings.title);
  await first.context.close();

  // Another browser, asking for English and holding an English cookie: signed in, German.
  const second = await open(browser, { locale: 'en-US', baseURL, cookie: 'en' });
  await signIn(second.page, email, GOOD_PASSWORD);
  await expectLanguage(second.page, 'de');
  // Signed out again, the browser's own cookie speaks.
  await second.page.locator('header form button').click();
  await expect(second.page).toHaveURL(/\/login$/);
  await expectLanguage(second.page, 'en');

  // The footer switcher, signed in, changes the saved choice too.
  await signIn(second.page, email, GOOD_PASSWORD);
  await switchLanguage(second.page, 'de', 'English');
  await expectLanguage(second.page, 'en');
  await second.context.close();
  const third = await open(browser, { locale: 'de-DE', baseURL });
  await third.page.goto('/login');
  await expectLanguage(third.page, 'de');
  await submitInAnyLanguage(third.page, { email, password: GOOD_PASSWORD });
  await expect(third.page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  await expectLanguage(third.page, 'en');
  await third.context.close();
});

test('times are shown in the browser’s time zone and language, the zone named', async ({ browser }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  for (const [locale, timezoneId] of [['en-US', 'America/New_York'], ['de-DE', 'Asia/Tokyo']] as const) {
    const { context, page } = await open(browser, { locale, timezoneId, baseURL });
    await page.goto('/signup');
    await submitInAnyLanguage(page, { email: uniqueEmail('lang-time'), password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD });
    await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
    await page.goto('/settings/sessions');
    const time = page.locator('main time[datetime]').first();
    await expect(time).toBeVisible();
    const moment = new Date((await time.getAttribute('datetime'))!);
    const expected = new Intl.DateTimeFormat(locale.slice(0, 2), { ...MOMENT, timeZone: timezoneId }).format(moment);
    // The first page with a time is rendered once more when the browser's zone differs from UTC.
    await expect(time).toHaveText(expected);
    await context.close();
  }
});
