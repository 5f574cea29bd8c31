import { type Page, expect } from '@playwright/test';
import { rememberSecret } from './server-log';

// Reading mail in the e2e tests: the servers run without SMTP_URL, so every mail lands in the dev
// outbox (/dev/outbox), and a test opens it there and clicks its link like a person would.

export const VERIFY_SUBJECT = 'Verify your email address';
export const RESET_SUBJECT = 'Reset your password';

/**
 * Opens the newest mail to `email` with this subject. A request queues its mail after answering
 * (the forgot-password form) or in its transaction, so the outbox is reloaded until the mail is there.
 */
export async function openMail(page: Page, email: string, subject: string): Promise<void> {
  await expect(async () => {
    await page.goto(outboxFor(email));
    const row = page.getByTestId('mail').filter({ hasText: email }).filter({ hasText: subject }).first();
    await expect(row).toBeVisible({ timeout: 500 });
    await row.getByRole('link', { name: subject }).click();
    await expect(page.getByTestId('mail-to')).toHaveText(email, { timeout: 5000 });
  }).toPass({ timeout: 20_000 });
}

/** How many mails to `email` with this subject the outbox holds. */
export async function countMail(page: Page, email: string, subject: string): Promise<number> {
  await page.goto(outboxFor(email));
  return page.getByTestId('mail').filter({ hasText: email }).filter({ hasText: subject }).count();
}

/** The outbox filtered to one address, so other tests' mail never pushes it off the first page. */
function outboxFor(email: string): string {
  return `/dev/outbox?${new URLSearchParams({ to: email })}`;
}

/** The link to `path` in the open mail's plain-text part. */
export function mailLink(page: Page, path: string) {
  return page.getByTestId('mail-text').getByRole('link', { name: new RegExp(`${path}\\?token=`) });
}

/** Opens the newest mail and returns the address of its link to `path`. */
export async function linkFromMail(page: Page, email: string, subject: string, path: string): Promise<string> {
  await openMail(page, email, subject);
  const href = await mailLink(page, path).getAttribute('href');
  if (!href) throw new Error(`no ${path} link in the mail`);
  rememberSecret('mailed token', new URL(href, 'http://localhost').searchParams.get('token'));
  return href;
}
