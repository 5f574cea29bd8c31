import { type Page, expect } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { rememberSecret } from './server-log';
import { words } from './words';

// Two-factor authentication as a person does it in the e2e tests: the test reads the key shown
// beside the QR code and computes codes as an authenticator app would.

export const MFA_COOKIE = 'latchkey_mfa';

/**
 * The code an authenticator app shows `steps` 30-second steps from now. `offsetMs` is how far the
 * server's clock runs ahead (the clock server, see serverClockOffsetMs in server-clock.ts).
 */
export function codeFor(secret: string, steps = 0, offsetMs = 0): string {
  const timestamp = Date.now() + offsetMs + steps * 30_000;
  const code = TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp });
  rememberSecret('two-factor code', code);
  return code;
}

/**
 * The previous step's code, which the server still accepts and which leaves the current step's
 * code free for the next sign-in (a step's code works once). Near the end of a step it first waits
 * for the next one: a loaded machine may take seconds to check the code, and by then a code two
 * steps old is refused.
 */
export async function previousStepCode(secret: string): Promise<string> {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 20_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 100));
  return codeFor(secret, -1);
}

/** A code that is none of the ones accepted now. */
export function wrongCodeFor(secret: string, offsetMs = 0): string {
  const accepted = new Set([-1, 0, 1].map((steps) => codeFor(secret, steps, offsetMs)));
  return ['000000', '111111', '222222', '333333'].find((code) => !accepted.has(code))!;
}

export const twoFactor = (page: Page) => page.getByRole('region', { name: words().twoFactor.title });

/** Opens the setup from /settings/security and returns the key shown beside the QR code. */
export async function startSetup(page: Page): Promise<string> {
  await page.goto('/settings/security');
  await twoFactor(page).getByRole('button', { name: words().twoFactor.turnOn }).click();
  await expect(twoFactor(page).getByRole('img', { name: words().twoFactor.qrLabel })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  rememberSecret('two-factor key', secret);
  return secret;
}

/** The recovery codes shown once after turning on or creating new ones. */
export async function shownRecoveryCodes(page: Page): Promise<string[]> {
  const list = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(list).toHaveCount(10);
  const codes = await list.allInnerTexts();
  for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
  for (const code of codes) rememberSecret('recovery code', code);
  return codes;
}

/** Turns MFA on from a fresh sign-in and returns the secret and the recovery codes shown. */
export async function turnOn(page: Page, shoot?: string): Promise<{ secret: string; codes: string[] }> {
  const secret = await startSetup(page);
  if (shoot) await page.screenshot({ path: shoot, fullPage: true });
  const { twoFactor: text } = words();
  await twoFactor(page).getByLabel(text.code).fill(await previousStepCode(secret));
  await twoFactor(page).getByRole('button', { name: text.verify }).click();
  const codes = await shownRecoveryCodes(page);
  await expect(twoFactor(page).getByText(text.onSince.split('{')[0]!)).toBeVisible();
  return { secret, codes };
}

export async function submitCode(page: Page, code: string, field: 'code' | 'recoveryCode' = 'code'): Promise<void> {
  const { twoFactorSignIn } = words();
  await page.getByLabel(field === 'code' ? twoFactorSignIn.codeLabel : twoFactorSignIn.recoveryCodeLabel, { exact: true }).fill(code);
  await page.getByRole('button', { name: twoFactorSignIn.submit }).click();
}
