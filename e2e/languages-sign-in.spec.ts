import { type Page, expect } from '@playwright/test';
import de from '../messages/de.json';
import { GOOD_PASSWORD, signUp, uniqueEmail } from './helpers/accounts';
import { test } from './helpers/devices';
import { PROVIDERS_URL } from './helpers/server-addresses';
import { rememberSecret } from './helpers/server-log';
import { codeFor, turnOn, wrongCodeFor } from './helpers/two-factor';
import { appUrl, waitForHydratedForm } from './helpers/pages';

// The signed-out journeys in German: a browser that asks for German (Accept-Language de-DE) gets
// German pages, German form errors from the Server Actions, and German validation messages. The
// expected words come from messages/de.json, so a reworded message changes the test with it.

test.use({ locale: 'de-DE' });

/** A message with its {placeholders} filled in (plain arguments only, as these messages have). */
function say(message: string, values: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
}

/** A rich message as the page shows it: the tags' words, without the tags. */
function text(message: string, values: Record<string, string | number> = {}): string {
  return say(message, values).replace(/<\/?\w+>/g, '');
}

function fieldError(page: Page, name: string) {
  return page.locator(`#field-${name}-error`);
}

/** The form's alert (Next.js adds its own, empty, role=alert route announcer outside main). */
function formAlert(page: Page) {
  return page.locator('main').getByRole('alert');
}

async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  rememberSecret('password', password);
  await page.getByLabel(de.formControls.email, { exact: true }).fill(email);
  await page.getByLabel(de.signIn.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: de.signIn.submit, exact: true }).click();
}

test('sign up in German: labels, validation errors, then the account', async ({ page, baseURL }) => {
  await page.goto('/signup');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page).toHaveTitle(new RegExp(de.signUp.title));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.signUp.heading);
  await expect(page.getByText(text(de.signUp.haveAccount))).toBeVisible();
  await waitForHydratedForm(page);

  const email = uniqueEmail('de-signup');
  const password = page.getByLabel(de.signUp.password, { exact: true });
  const confirm = page.getByLabel(de.signUp.confirmPassword, { exact: true });
  await expect(password).toHaveAccessibleDescription(de.formControls.newPasswordHint);

  // Too short, and a confirmation that differs: both said at once, in German.
  await page.getByLabel(de.formControls.email, { exact: true }).fill(email);
  await password.fill('kurz');
  await confirm.fill('anders');
  await page.getByRole('button', { name: de.signUp.submit, exact: true }).click();
  await expect(fieldError(page, 'password')).toHaveText(say(de.validation.passwordTooShort, { minCharacters: 8 }));
  await expect(fieldError(page, 'confirmPassword')).toHaveText(de.validation.passwordsDiffer);
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  // The email typed comes back with the form.
  await expect(page.getByLabel(de.formControls.email, { exact: true })).toHaveValue(email);

  // A taken address: the action's own sentence, in German.
  rememberSecret('password', GOOD_PASSWORD);
  await page.getByLabel(de.formControls.email, { exact: true }).fill('demo@example.com');
  await password.fill(GOOD_PASSWORD);
  await confirm.fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: de.signUp.submit, exact: true }).click();
  await expect(fieldError(page, 'email')).toHaveText(de.signUp.emailTaken, { timeout: 15_000 });

  await page.getByLabel(de.formControls.email, { exact: true }).fill(email);
  await password.fill(GOOD_PASSWORD);
  await confirm.fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: de.signUp.submit, exact: true }).click();
  // Generous: a sign-up runs bcrypt, slow on a busy 2-core machine.
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'), { timeout: 15_000 });
  await expect(page.getByTestId('user-email')).toHaveText(email);
});

test('sign in in German: the page, and a wrong password refused in German', async ({ page }) => {
  await page.goto('/login');
  await expect(page).toHaveTitle(new RegExp(de.signIn.title));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.signIn.heading);
  await expect(page.getByRole('link', { name: de.signIn.forgotPassword })).toHaveAttribute('href', '/forgot-password');
  await expect(page.getByText(text(de.signIn.newHere))).toBeVisible();
  await expect(page.getByRole('button', { name: de.signIn.withPasskey })).toBeVisible();
  await waitForHydratedForm(page);

  await submitSignIn(page, 'demo@example.com', 'not-the-password');
  await expect(formAlert(page)).toHaveText(de.validation.wrongCredentials, { timeout: 15_000 });
  await expect(page).toHaveURL(/\/login$/);

  // An empty form: the schema's messages, in German.
  await page.getByLabel(de.formControls.email, { exact: true }).fill('');
  await page.getByRole('button', { name: de.signIn.submit, exact: true }).click();
  await expect(fieldError(page, 'email')).toHaveText(de.validation.emailRequired);
  await expect(fieldError(page, 'password')).toHaveText(de.validation.signInPasswordRequired);
});

test('sign in with two-factor in German: the code step and a wrong code', async ({ page, context, baseURL }) => {
  // A sign-up, a two-factor setup and a sign-in with two codes: about 8 s on a quiet 2-core machine.
  test.setTimeout(60_000);
  // The setup happens in English (Settings are another part's journey); the sign-in in German.
  const email = uniqueEmail('de-mfa');
  await context.addCookies([{ name: 'latchkey_lang', value: 'en', url: appUrl(baseURL, '/') }]);
  await signUp(page, email);
  const { secret } = await turnOn(page);
  await context.clearCookies();

  await page.goto('/login');
  await waitForHydratedForm(page);
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify/, { timeout: 15_000 });
  await expect(page).toHaveTitle(new RegExp(de.twoFactorSignIn.title));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.twoFactorSignIn.heading);
  await expect(page.getByText(de.twoFactorSignIn.leadApp)).toBeVisible();
  const code = page.getByLabel(de.twoFactorSignIn.codeLabel, { exact: true });
  await expect(code).toHaveAccessibleDescription(de.twoFactorSignIn.codeHint);
  await waitForHydratedForm(page);

  await code.fill(wrongCodeFor(secret));
  await page.getByRole('button', { name: de.twoFactorSignIn.submit, exact: true }).click();
  await expect(fieldError(page, 'code')).toHaveText(de.twoFactorSignIn.wrongCode);
  await expect(code).toBeFocused();

  // The recovery-code variant of the page, then back.
  await page.getByRole('link', { name: de.twoFactorSignIn.useRecoveryCode }).click();
  await expect(page.getByText(de.twoFactorSignIn.leadRecovery)).toBeVisible();
  await expect(page.getByLabel(de.twoFactorSignIn.recoveryCodeLabel, { exact: true })).toBeVisible();
  await page.getByRole('link', { name: de.twoFactorSignIn.useApp }).click();

  await page.getByLabel(de.twoFactorSignIn.codeLabel, { exact: true }).fill(codeFor(secret));
  await page.getByRole('button', { name: de.twoFactorSignIn.submit, exact: true }).click();
  await expect(page).toHaveURL(appUrl(baseURL, '/dashboard'), { timeout: 15_000 });
  await expect(page.getByTestId('user-email')).toHaveText(email);
});

test('forgot password in German: the page, a validation error and the answer', async ({ page }) => {
  await page.goto('/forgot-password');
  await expect(page).toHaveTitle(new RegExp(de.passwordReset.forgotTitle));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.passwordReset.forgotHeading);
  await expect(page.getByText(de.passwordReset.forgotLead)).toBeVisible();
  await waitForHydratedForm(page);

  await page.getByLabel(de.formControls.email, { exact: true }).fill('kein-at-zeichen');
  await page.getByRole('button', { name: de.passwordReset.send }).click();
  await expect(fieldError(page, 'email')).toHaveText(de.validation.emailInvalid);

  await page.getByLabel(de.formControls.email, { exact: true }).fill(uniqueEmail('de-reset'));
  await page.getByRole('button', { name: de.passwordReset.send }).click();
  await expect(page.getByRole('status')).toHaveText(de.passwordReset.sent);

  // A reset link that is not valid says so in German.
  await page.goto('/reset-password?token=nicht-gueltig');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de.passwordReset.linkProblemTitle);
  await expect(page.getByTestId('link-problem')).toHaveText(de.formControls.linkInvalid);
  await expect(page.getByRole('link', { name: de.passwordReset.requestNewLink })).toBeVisible();
});

test('a provider problem and the provider buttons in German', async ({ page }) => {
  // The server configured with providers ("Test IdP"); no round trip needed to show the line.
  await page.goto(`${PROVIDERS_URL}/login?error=cancelled&provider=oidc`);
  await expect(formAlert(page)).toHaveText(say(de.providers.problems.cancelled, { provider: 'Test IdP' }));
  await expect(page.getByRole('button', { name: say(de.providers.continueWith, { provider: 'Test IdP' }) })).toBeVisible();
});
