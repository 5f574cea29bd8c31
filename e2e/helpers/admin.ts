import { type Page, expect } from '@playwright/test';
import en from '../../messages/en.json';

/** Finds a user in the admin console by email and opens their page, in English unless told the words of another language. */
export async function openUser(admin: Page, email: string, words: typeof en.admin.users = en.admin.users): Promise<void> {
  await admin.goto('/admin/users');
  await admin.getByLabel(words.search).fill(email);
  await admin.getByRole('button', { name: words.searchButton }).click();
  await expect(admin.getByRole('row')).toHaveCount(2);
  await admin.getByRole('link', { name: email }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(email);
}
