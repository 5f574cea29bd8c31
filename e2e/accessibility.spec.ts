import { type Page, expect } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_USER, GOOD_PASSWORD, signIn, signOut, signUp, submitSignIn, submitSignUp, uniqueEmail } from './helpers/accounts';
import { shownCredentials } from './helpers/admin';
import { registerApp } from './helpers/apps';
import { expectAccessible, pageRoutes, routeMatches } from './helpers/axe';
import { linkFromMail, openMail } from './helpers/mail';
import { expectHydrated } from './helpers/pages';
import { addPasskey, test } from './helpers/passkeys';
import { codeFor, startSetup, submitCode, turnOn, twoFactor, wrongCodeFor } from './helpers/two-factor';
import { expectNoEnglish, testLanguage, words } from './helpers/words';

// Accessibility as a tested promise: axe-core's WCAG 2.2 A and AA rules (e2e/helpers/axe.ts) on
// every page of the app, signed out, as a user and as an admin, and on each form's error state.
// No serious or critical violation is allowed. The `german` project (playwright.config.ts) runs
// every audit again in German, where a page must also show no English (e2e/helpers/words.ts). The pages come from the App Router's files: a new
// page.tsx fails the first test below until an audit here visits it (or it is skipped, with why).
//
// Every test has a virtual authenticator (the passkeys `test`), so the passkey buttons and the
// passkey list can be checked too; without one, Chromium would wait for a real device.

type Audit = {
  /** The page.tsx route the audit visits (checked against the address it ends on), or null for an error page. */
  route: string | null;
  name: string;
  /** Goes to the page and brings it into the state to check. */
  open: (page: Page) => Promise<void>;
};

/** Routes no audit visits, with the reason. */
const SKIPPED: Record<string, string> = {};

/** Opens `path`. */
const visit = (path: string) => async (page: Page) => {
  await page.goto(path);
};

/** Signs in as `email` (a demo account) and opens `path`. */
const visitAs = (email: string, path: string) => async (page: Page) => {
  await signIn(page, email, DEMO_PASSWORD);
  await page.goto(path);
};

/** A fresh account with two-factor on, signed out and past the password: on the code step. */
async function onCodeStep(page: Page): Promise<string> {
  const email = uniqueEmail('a11y-mfa');
  await signUp(page, email);
  const { secret } = await turnOn(page);
  await signOut(page);
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify/, { timeout: 15_000 });
  return secret;
}

async function submitEmpty(page: Page, button: string): Promise<void> {
  await expectHydrated(page);
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.locator('main [aria-invalid="true"]').first()).toBeVisible();
}

async function changePassword(page: Page, current: string, next: string): Promise<void> {
  const { security } = words();
  await page.goto('/settings/security');
  await page.getByLabel(security.currentPassword).fill(current);
  await page.getByLabel(security.newPassword, { exact: true }).fill(next);
  await page.getByLabel(security.confirmNewPassword).fill(next);
  await page.getByRole('button', { name: security.changePassword }).click();
}

/** The admin page of the demo user, found through the search like an admin would. */
async function openDemoUser(page: Page): Promise<void> {
  await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.goto(`/admin/users?q=${encodeURIComponent(DEMO_USER)}`);
  await page.getByRole('link', { name: DEMO_USER }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO_USER);
}

const signedOut: Audit[] = [
  { route: '/', name: 'landing', open: visit('/') },
  { route: '/oauth/authorize', name: 'an app’s sign-in request from an unknown app', open: visit('/oauth/authorize?client_id=unknown&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb') },
  { route: '/oauth/sign-out', name: 'signed out for an app', open: visit('/oauth/end-session') },
  { route: '/login', name: 'sign in', open: visit('/login') },
  {
    route: '/login',
    name: 'sign in, empty',
    open: async (page) => {
      await page.goto('/login');
      await submitEmpty(page, words().signIn.submit);
    },
  },
  {
    route: '/login',
    name: 'sign in, wrong password',
    open: async (page) => {
      await page.goto('/login');
      await submitSignIn(page, DEMO_USER, 'wrong-password');
      await expect(page.locator('main').getByRole('alert')).toHaveText(words().validation.wrongCredentials);
    },
  },
  { route: '/signup', name: 'sign up', open: visit('/signup') },
  {
    route: '/signup',
    name: 'sign up, empty',
    open: async (page) => {
      await page.goto('/signup');
      await submitEmpty(page, words().signUp.submit);
    },
  },
  {
    route: '/signup',
    name: 'sign up, weak password',
    open: async (page) => {
      await page.goto('/signup');
      await submitSignUp(page, { email: uniqueEmail('a11y-weak'), password: 'password' });
      await expect(page.locator('#field-password-error')).toBeVisible();
    },
  },
  {
    route: '/signup',
    name: 'sign up, email taken',
    open: async (page) => {
      await page.goto('/signup');
      await submitSignUp(page, { email: DEMO_USER, password: GOOD_PASSWORD });
      await expect(page.locator('main [role="alert"], main [aria-invalid="true"]').first()).toBeVisible({ timeout: 15_000 });
    },
  },
  { route: '/forgot-password', name: 'forgot password', open: visit('/forgot-password') },
  {
    route: '/forgot-password',
    name: 'forgot password, invalid email',
    open: async (page) => {
      await page.goto('/forgot-password');
      await expectHydrated(page);
      await page.getByLabel(words().formControls.email).fill('not-an-email');
      await page.getByRole('button', { name: words().passwordReset.send }).click();
      await expect(page.locator('#field-email-error')).toBeVisible();
    },
  },
  { route: '/reset-password', name: 'reset password, bad link', open: visit('/reset-password?token=not-a-token') },
  {
    route: '/reset-password',
    name: 'reset password, good link, then empty',
    open: async (page) => {
      const email = uniqueEmail('a11y-reset');
      await signUp(page, email);
      await signOut(page);
      await page.goto('/forgot-password');
      await expectHydrated(page);
      await page.getByLabel(words().formControls.email).fill(email);
      await page.getByRole('button', { name: words().passwordReset.send }).click();
      await page.goto(await linkFromMail(page, email, words().mail.resetPassword.subject, '/reset-password'));
      await expectAccessible(page);
      await submitEmpty(page, words().passwordReset.submit);
    },
  },
  { route: '/verify-email', name: 'verify email, bad link', open: visit('/verify-email?token=not-a-token') },
  {
    route: '/verify-email',
    name: 'verify email, link and check inbox',
    open: async (page) => {
      const email = uniqueEmail('a11y-verify');
      await signUp(page, email);
      await page.goto('/verify-email');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words().verifyEmail.checkInboxHeading);
      await expectAccessible(page);
      await page.goto(await linkFromMail(page, email, words().mail.verifyEmail.subject, '/verify-email'));
    },
  },
  {
    route: '/login/verify',
    name: 'two-factor step',
    open: async (page) => {
      await onCodeStep(page);
    },
  },
  {
    route: '/login/verify',
    name: 'two-factor step, wrong code; recovery code',
    open: async (page) => {
      const secret = await onCodeStep(page);
      await submitCode(page, wrongCodeFor(secret));
      await expect(page.locator('#field-code-error')).toBeVisible();
      await expectAccessible(page);
      await page.getByRole('link', { name: words().twoFactorSignIn.useRecoveryCode }).click();
      await expect(page).toHaveURL(/method=recovery/);
    },
  },
  {
    route: '/unavailable',
    name: 'database unavailable',
    open: visit('/unavailable'),
  },
  {
    route: null,
    name: '404',
    open: async (page) => {
      expect((await page.goto('/no-such-page'))?.status()).toBe(404);
    },
  },
  { route: '/dev/outbox', name: 'dev outbox', open: visit('/dev/outbox') },
  {
    route: '/dev/outbox/[id]',
    name: 'a mail in the dev outbox',
    open: async (page) => {
      const email = uniqueEmail('a11y-mail');
      await signUp(page, email);
      await openMail(page, email, words().mail.verifyEmail.subject);
    },
  },
];

const asUser: Audit[] = [
  {
    route: '/dashboard',
    name: 'dashboard',
    open: async (page) => signIn(page, DEMO_USER, DEMO_PASSWORD),
  },
  { route: '/oauth/sign-out', name: 'an app asks to sign out', open: visitAs(DEMO_USER, '/oauth/end-session?client_id=unknown') },
  {
    route: '/oauth/authorize',
    name: 'an app asks for consent',
    open: async (page) => {
      test.setTimeout(120_000);
      const app = await registerApp('.data-e2e', ['--name', 'Audit app', '--redirect-uri', 'https://app.example.com/cb', '--scope', 'openid', '--scope', 'email', '--scope', 'offline_access']);
      const query = { response_type: 'code', client_id: app.clientId, redirect_uri: 'https://app.example.com/cb', scope: 'openid email offline_access' };
      await visitAs(DEMO_USER, `/oauth/authorize?${new URLSearchParams({ ...query, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`)(page);
      await expect(page.locator('form button').first()).toBeVisible();
    },
  },
  ...['/settings', '/settings/security', '/settings/sessions', '/settings/activity', '/settings/connected', '/settings/apps'].map((route) => ({
    route,
    name: route,
    open: visitAs(DEMO_USER, route),
  })),
  {
    route: '/settings/security',
    name: 'change password, empty and wrong current password',
    open: async (page) => {
      await signIn(page, DEMO_USER, DEMO_PASSWORD);
      await page.goto('/settings/security');
      await submitEmpty(page, words().security.changePassword);
      await expectAccessible(page);
      await changePassword(page, 'not-my-password', 'new-staple-lantern-42');
      await expect(page.locator('#field-currentPassword-error')).toBeVisible();
    },
  },
  {
    route: '/settings/security',
    name: 'two-factor setup, wrong code',
    open: async (page) => {
      await signUp(page, uniqueEmail('a11y-setup'));
      const secret = await startSetup(page);
      await expectAccessible(page);
      await twoFactor(page).getByLabel(words().twoFactor.code).fill(wrongCodeFor(secret));
      await twoFactor(page).getByRole('button', { name: words().twoFactor.verify }).click();
      await expect(page.locator('#field-code-error')).toBeVisible();
    },
  },
  {
    route: '/settings/security',
    name: 'two-factor on: recovery codes, then the forms to turn off and make new codes, wrong',
    open: async (page) => {
      await signUp(page, uniqueEmail('a11y-mfa-on'));
      const { secret } = await turnOn(page);
      await expectAccessible(page);
      await page.reload();
      const { twoFactor: text, security } = words();
      const disable = page.getByRole('form', { name: text.turnOffTitle });
      await disable.getByLabel(security.currentPassword).fill('not-my-password');
      await disable.getByLabel(text.code).fill(codeFor(secret, 1));
      await disable.getByRole('button', { name: text.turnOff }).click();
      await expect(page.locator('#field-password-error')).toBeVisible();
    },
  },
  {
    route: '/settings/security',
    name: 'passkeys panel with a passkey',
    open: async (page) => {
      await signUp(page, uniqueEmail('a11y-passkey'));
      await addPasskey(page);
    },
  },
  {
    route: null,
    name: '403 for a user on /admin',
    open: async (page) => {
      await signIn(page, DEMO_USER, DEMO_PASSWORD);
      expect((await page.goto('/admin'))?.status()).toBe(403);
    },
  },
];

const asAdmin: Audit[] = [
  {
    route: '/admin/clients/[id]',
    name: 'an app’s registration',
    open: async (page) => {
      await visitAs(DEMO_ADMIN, '/admin/clients')(page);
      await page.getByLabel(words().adminClients.name).fill('Audit app');
      await page.getByLabel(words().adminClients.redirectUris, { exact: true }).fill('https://app.example.com/cb');
      await page.getByRole('button', { name: words().adminClients.register }).click();
      await expect(shownCredentials(page)).toBeVisible();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Audit app' }).first().click();
      await expect(page).toHaveURL(/\/admin\/clients\/[^/]+$/);
    },
  },
  {
    route: '/admin/clients',
    name: 'register an app, refused',
    open: async (page) => {
      await visitAs(DEMO_ADMIN, '/admin/clients')(page);
      await page.getByLabel(words().adminClients.redirectUris, { exact: true }).fill('http://example.com/cb');
      await page.getByRole('button', { name: words().adminClients.register }).click();
      await expect(page.locator('main [aria-invalid="true"]').first()).toBeVisible();
    },
  },
  ...['/admin', '/admin/users', '/admin/events', '/admin/mail'].map((route) => ({
    route,
    name: route,
    open: visitAs(DEMO_ADMIN, route),
  })),
  { route: '/admin/users', name: 'users, no match', open: visitAs(DEMO_ADMIN, '/admin/users?q=nobody-matches-this') },
  { route: '/admin/users/[id]', name: 'a user', open: openDemoUser },
  {
    route: '/admin/users/[id]',
    name: 'a user, with an error',
    // The error an action reports (demoting the last admin, here shown without demoting anyone:
    // other tests sign in as the demo admin).
    open: async (page) => {
      await openDemoUser(page);
      await page.goto(`${page.url()}?error=last_admin`);
      await expect(page.locator('main').getByRole('alert')).toBeVisible();
    },
  },
];

test('every page of the app has an audit here', () => {
  const routes = pageRoutes();
  // The walk finds the pages, dynamic segments and nested ones included.
  expect(routes).toEqual(expect.arrayContaining(['/', '/login', '/login/verify', '/admin/users/[id]', '/dev/outbox/[id]']));
  expect(routeMatches('/admin/users/[id]', '/admin/users/0b5e')).toBe(true);
  expect(routeMatches('/admin/users/[id]', '/admin/users')).toBe(false);
  expect(routeMatches('/login', '/login/verify')).toBe(false);

  const audited = new Set([...signedOut, ...asUser, ...asAdmin].map((audit) => audit.route));
  const missing = routes.filter((route) => !audited.has(route) && !(route in SKIPPED));
  expect(missing, 'pages without an accessibility audit: add one, or skip it in SKIPPED with the reason').toEqual([]);
  expect(Object.keys(SKIPPED).filter((route) => !routes.includes(route)), 'SKIPPED names pages that do not exist').toEqual([]);
});

test('the check fails on a violation, naming the rule, its impact, the element and the help', async ({ page }) => {
  await page.setContent('<!doctype html><html lang="en"><title>Broken</title><main><h1>Broken</h1><input id="nameless"></main></html>');
  const failure = await expectAccessible(page).then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toContain('label (critical): Form elements must have labels');
  expect(failure).toContain('at #nameless');
  expect(failure).toMatch(/https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/label/);
});

for (const [group, audits] of Object.entries({ 'signed out': signedOut, 'as a user': asUser, 'as an admin': asAdmin })) {
  test.describe(`accessibility ${group}`, () => {
    for (const audit of audits) {
      test(audit.name, async ({ page }) => {
        test.setTimeout(60_000);
        await audit.open(page);
        if (audit.route) expect(routeMatches(audit.route, new URL(page.url()).pathname), `${page.url()} is not ${audit.route}`).toBe(true);
        await expectAccessible(page);
        if (testLanguage() === 'de') await expectNoEnglish(page);
      });
    }
  });
}

test('the English check fails on English left on a German page, and spares what is marked as another language', async ({ page }) => {
  await page.setContent(
    '<!doctype html><html lang="de"><title>Anmelden</title><body><main><h1>Anmelden</h1><p>Enter your password.</p>' +
      '<select><option lang="en">English</option></select><button aria-label="Close the dialog">×</button></main></body></html>',
  );
  const failure = await expectNoEnglish(page).then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toContain('Enter your password.');
  expect(failure).toContain('aria-label="Close the dialog"');
  expect(failure!.split('\n')).not.toContain('English');
});
