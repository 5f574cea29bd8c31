import { randomUUID } from 'node:crypto';
import { type BrowserContext, type Page, expect } from '@playwright/test';
import { IntlMessageFormat } from 'intl-messageformat';
import de from '../messages/de.json';
import en from '../messages/en.json';
import { DEMO_ADMIN, DEMO_PASSWORD, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { openUser } from './helpers/admin';
import { test } from './helpers/devices';
import { appUrl } from './helpers/pages';
import { test as passkeyTest, signUpWithPasskey } from './helpers/passkeys';

// The admin console, the error pages, the dev outbox and middleware's refusals in German, with
// the words of messages/de.json. Accounts are made and signed in in English (those forms are not
// this spec's subject); then the switcher's cookie, or the browser's language, asks for German.

const GERMAN_TIME = /^\d{1,2}\. \S+ \d{4}, \d{2}:\d{2} \S+$/;

/** What the footer's language switcher does: the latchkey_lang cookie. */
async function speakGerman(context: BrowserContext, baseURL: string | undefined): Promise<void> {
  await context.addCookies([{ name: 'latchkey_lang', value: 'de', url: appUrl(baseURL, '/') }]);
}

/** A fresh account's own choice, saved with the footer's switcher: it outranks the cookie (the page's language at sign-up is saved too). */
async function chooseGerman(page: Page): Promise<void> {
  await page.locator('#footer-language').selectOption('de');
  await page.locator('footer button[type="submit"]').click();
  await expectLanguage(page, 'de');
}

async function expectLanguage(page: Page, lang: 'de' | 'en'): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** A German message with its placeholders filled in, as the page says it. */
const german = (message: string, values: Record<string, string | number>) => String(new IntlMessageFormat(message, 'de').format(values));

test('the admin overview, users list, events and mail in German', async ({ page, context, baseURL }) => {
  await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
  await speakGerman(context, baseURL);

  await page.goto('/admin');
  await expectLanguage(page, 'de');
  await expect(page).toHaveTitle(`${de.admin.title} · Latchkey`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.admin.title);
  for (const label of Object.values(de.admin.overview)) await expect(page.locator('main dt').getByText(label, { exact: true })).toBeVisible();
  const nav = page.getByRole('navigation', { name: de.admin.nav.label });
  await expect(nav.getByRole('link')).toHaveText([de.admin.nav.overview, de.admin.nav.users, de.admin.nav.events, de.admin.nav.mail, de.admin.nav.apps]);

  await nav.getByRole('link', { name: de.admin.nav.users }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.admin.users.title);
  await expect(page.getByRole('columnheader')).toHaveText([de.admin.users.email, de.admin.users.role, de.admin.users.created, de.admin.users.lastSignIn, de.admin.users.status]);
  await expect(page.getByLabel(de.admin.users.search)).toHaveAttribute('placeholder', de.admin.users.searchPlaceholder);
  await openUser(page, DEMO_ADMIN, de.admin.users);
  await page.goBack();
  const row = page.getByRole('row').filter({ hasText: DEMO_ADMIN });
  await expect(row.getByRole('cell')).toHaveText([DEMO_ADMIN, de.admin.roles.ADMIN, GERMAN_TIME, GERMAN_TIME, de.admin.state.active]);
  await expect(page.getByRole('navigation', { name: de.pager.label })).toHaveText(german(de.pager.position, { page: 1, pages: 1 }));
  await page.getByLabel(de.admin.users.search).fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: de.admin.users.searchButton }).click();
  await expect(page.getByText(de.admin.users.empty, { exact: true })).toBeVisible();

  await page.goto('/admin/events');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.admin.events.title);
  await expect(page.getByLabel(de.admin.events.type, { exact: true }).locator('option').first()).toHaveText(de.admin.events.allTypes);
  await expect(page.getByLabel(de.admin.events.user, { exact: true })).toHaveAttribute('placeholder', de.admin.events.userPlaceholder);
  await expect(page.getByRole('columnheader')).toHaveText([de.admin.events.when, de.admin.events.user, de.admin.events.type, de.admin.events.event]);
  await expect(page.getByTestId('event').first().getByRole('cell').first()).toHaveText(GERMAN_TIME);
  await page.getByLabel(de.admin.events.user, { exact: true }).fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: de.admin.events.filter }).click();
  await expect(page.getByText(de.admin.events.empty, { exact: true })).toBeVisible();

  await page.goto('/admin/mail');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.admin.mail.title);
  await expect(page.locator('.lead')).toHaveText(`${de.admin.mail.noSmtp} ${german(de.admin.mail.retries, { attempts: 8 })}`);
  await expect(page.getByLabel(de.admin.mail.status, { exact: true }).locator('option')).toHaveText([
    de.admin.mail.all,
    de.outbox.state.failed,
    de.outbox.state.pending,
    de.outbox.state.sent,
  ]);
  await expect(page.getByRole('columnheader')).toHaveText([de.admin.mail.queued, de.admin.mail.to, de.admin.mail.subject, de.admin.mail.status, de.admin.mail.lastError]);
  await page.getByLabel(de.admin.mail.status, { exact: true }).selectOption('failed');
  await page.getByRole('button', { name: de.admin.mail.filter }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByText(de.admin.mail.empty, { exact: true })).toBeVisible();
});

passkeyTest("a user's page in German, an action refused with the German reason, and one carried out", async ({ page, newDevice, baseURL }) => {
  // A passkey sign-up and an admin's sign-in: about 6 s on a busy 2-core machine.
  passkeyTest.setTimeout(45_000);
  const email = uniqueEmail('admin-de');
  await signUpWithPasskey(page, email);
  const { context, page: admin } = await newDevice();
  await signIn(admin, DEMO_ADMIN, DEMO_PASSWORD);
  await speakGerman(context, baseURL);
  await openUser(admin, email, de.admin.users);
  await expectLanguage(admin, 'de');
  await expect(admin).toHaveTitle(`${de.admin.user.title} · Latchkey`);

  await expect(admin.locator('main dt')).toHaveText([de.admin.user.role, de.admin.user.status, de.admin.user.created, de.admin.user.password]);
  await expect(admin.getByTestId('user-role')).toHaveText(de.admin.roles.USER);
  await expect(admin.getByTestId('user-status')).toHaveText(de.admin.state.active);
  await expect(admin.getByTestId('user-password')).toHaveText(de.admin.user.passwordNone);
  await expect(admin.locator('main').getByRole('heading', { level: 2 })).toHaveText([de.admin.user.actions, de.admin.user.sessions, de.admin.user.passkeys, de.admin.user.events]);
  await expect(admin.getByLabel(de.admin.user.role, { exact: true }).locator('option')).toHaveText([de.admin.roles.USER, de.admin.roles.ADMIN]);
  const passkeys = admin.getByRole('list', { name: de.admin.user.passkeys });
  const added = de.admin.user.passkeyAdded.replace('{date}', '.+');
  const used = `(${de.admin.user.passkeyNeverUsed}|${de.admin.user.passkeyLastUsed.replace('{date}', '.+')})`;
  await expect(passkeys.locator('.meta')).toHaveText(new RegExp(`^${added} · ${used}$`));

  // The passkey is the account's only way in: the admin may not remove it, and is told why.
  await passkeys.getByRole('button', { name: de.admin.user.removePasskey }).click();
  await expect(admin.locator('main').getByRole('alert')).toHaveText(de.admin.user.errors.last_sign_in_method);
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);

  await expect(admin.getByTestId('session')).toHaveCount(1);
  await admin.getByRole('button', { name: de.admin.user.disable }).click();
  await expect(admin.getByTestId('user-status')).toHaveText(de.admin.state.disabled);
  await expect(admin.getByRole('button', { name: de.admin.user.enable })).toBeVisible();
  await expect(admin.getByText(de.admin.user.noSessions, { exact: true })).toBeVisible();

  // An address no user has: the admin console's 404, in German too.
  expect((await admin.goto(`/admin/users/${randomUUID()}`))?.status()).toBe(404);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(de.errors.notFound.title);
});

test('a USER gets the 403 page in German', async ({ page }) => {
  await signUp(page, uniqueEmail('forbidden-de'));
  await chooseGerman(page);
  expect((await page.goto('/admin/users'))?.status()).toBe(403);
  await expectLanguage(page, 'de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.errors.forbidden.title);
  await expect(page.locator('main')).toContainText(de.errors.forbidden.body);
  await page.getByRole('link', { name: de.errors.forbidden.back }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('the dev outbox and a mail in it in German', async ({ page }) => {
  const email = uniqueEmail('outbox-de');
  await signUp(page, email);
  await chooseGerman(page);
  const outbox = `/dev/outbox?${new URLSearchParams({ to: email })}`;
  await page.goto(outbox);
  await expectLanguage(page, 'de');
  await expect(page).toHaveTitle(`${de.outbox.title} · Latchkey`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.outbox.title);
  await expect(page.locator('.lead')).toHaveText(de.outbox.leadNoSmtp);
  await expect(page.getByRole('columnheader')).toHaveText([de.outbox.when, de.outbox.to, de.outbox.subject, de.outbox.status]);
  await expect(page.getByRole('navigation', { name: de.pager.label })).toHaveText(german(de.pager.position, { page: 1, pages: 1 }));
  // Queued at sign-up, delivered to the outbox by the mail worker a moment later.
  await expect(async () => {
    await page.goto(outbox);
    await expect(page.getByTestId('mail').first().locator('.badge')).toHaveText(german(de.outbox.state.sentVia, { via: 'outbox' }), { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  const mail = page.getByTestId('mail').first();
  await expect(mail.getByRole('cell').first()).toHaveText(GERMAN_TIME);

  await mail.getByRole('link').click();
  await expect(page.getByTestId('mail-to')).toHaveText(email);
  await expect(page.locator('main dt')).toHaveText([de.outbox.to, de.outbox.from, de.outbox.queued, de.outbox.status]);
  await expect(page.locator('main').getByRole('heading', { level: 2 })).toHaveText(de.outbox.plainText);
  await expect(page.getByRole('link', { name: de.outbox.openHtml })).toBeVisible();
  await page.getByRole('link', { name: de.outbox.back }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.outbox.title);

  await page.goto(`/dev/outbox?${new URLSearchParams({ to: uniqueEmail('nobody') })}`);
  await expect(page.getByText(de.outbox.emptyTo, { exact: true })).toBeVisible();
});

test.describe('a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('gets the 404 page in German, with a link home', async ({ page, baseURL }) => {
    expect((await page.goto('/no-such-page'))?.status()).toBe(404);
    await expectLanguage(page, 'de');
    await expect(page).toHaveTitle(`${de.errors.notFound.pageTitle} · Latchkey`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.errors.notFound.title);
    await expect(page.locator('main')).toContainText(de.errors.notFound.body);
    await page.getByRole('link', { name: de.errors.notFound.home }).click();
    await expect(page).toHaveURL(appUrl(baseURL, '/'));
  });

  test('gets the database-unavailable page in German', async ({ page }) => {
    await page.goto('/unavailable');
    await expectLanguage(page, 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.errors.unavailable.title);
    await expect(page.locator('main')).toContainText(de.errors.unavailable.lead);
    await expect(page.getByRole('link', { name: de.errors.unavailable.retry })).toBeVisible();
  });

  test('is told in German why middleware refused its request', async ({ request, baseURL }) => {
    const appOrigin = new URL(appUrl(baseURL, '/')).origin;
    const crossSite = await request.post('/login', { headers: { origin: 'https://evil.example', 'accept-language': 'de-DE,de;q=0.9' }, form: { email: 'x' } });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toBe(de.errors.refused.crossSite.replace('{appUrl}', appOrigin));
    // The switcher's cookie speaks louder than the browser.
    const tooLarge = await request.post('/login', {
      headers: { origin: appOrigin, 'accept-language': 'en-US', cookie: 'latchkey_lang=de' },
      data: 'x'.repeat(300 * 1024),
    });
    expect(tooLarge.status()).toBe(413);
    expect(await tooLarge.text()).toBe(de.errors.refused.tooLarge);
  });
});

test('an English browser gets the 404 page in English', async ({ page }) => {
  expect((await page.goto('/no-such-page'))?.status()).toBe(404);
  await expectLanguage(page, 'en');
  await expect(page).toHaveTitle(`${en.errors.notFound.pageTitle} · Latchkey`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.errors.notFound.title);
  await expect(page.getByRole('link', { name: en.errors.notFound.home })).toHaveAttribute('href', '/');
});
