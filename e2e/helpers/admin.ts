import { type Page, expect } from '@playwright/test';
import en from '../../messages/en.json';
import { rememberSecret } from './server-log';

/** Finds a user in the admin console by email and opens their page, in English unless told the words of another language. */
export async function openUser(admin: Page, email: string, words: typeof en.admin.users = en.admin.users): Promise<void> {
  await admin.goto('/admin/users');
  await admin.getByLabel(words.search).fill(email);
  await admin.getByRole('button', { name: words.searchButton }).click();
  await expect(admin.getByRole('row')).toHaveCount(2);
  await admin.getByRole('link', { name: email }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(email);
}

/** The announcement of a client_id and secret shown once, after registering an app or rotating its secret. */
export const shownCredentials = (page: Page) => page.getByRole('status').filter({ hasText: 'client_id' });

/** Registers an app at /admin/clients as the signed-in admin: its client_id and the secret shown once. */
export async function registerAppInConsole(page: Page, name: string, redirectUris: string): Promise<{ clientId: string; secret: string }> {
  await page.goto('/admin/clients');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Redirect URIs', { exact: true }).fill(redirectUris);
  await page.getByRole('button', { name: 'Register app' }).click();
  const shown = shownCredentials(page);
  await expect(shown).toContainText(`Registered the app “${name}”.`);
  await expect(shown).toContainText('Copy this secret now: it is not shown again.');
  const [clientId, secret] = await shown.locator('dd code').allTextContents();
  rememberSecret('client secret', secret);
  return { clientId: clientId!, secret: secret! };
}
