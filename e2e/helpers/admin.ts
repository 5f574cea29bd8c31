import { type Page, expect } from '@playwright/test';

/** Finds a user in the admin console by email and opens their page. */
export async function openUser(admin: Page, email: string): Promise<void> {
  await admin.goto('/admin/users');
  await admin.getByLabel('Search').fill(email);
  await admin.getByRole('button', { name: 'Search' }).click();
  await expect(admin.getByRole('row')).toHaveCount(2);
  await admin.getByRole('link', { name: email }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(email);
}
