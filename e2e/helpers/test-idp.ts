import { type Page, expect } from '@playwright/test';
import { OIDC_PROVIDER_URL } from './server-addresses';

// The OpenID Connect provider the providers server signs in with (e2e/servers/oidc-provider.mjs),
// named "Test IdP" there, driven through its own development pages.

export const IDP = 'Test IdP';

/** On the provider's own pages: signs in as `login` (any password does), then consents. */
export async function signInAtIdp(page: Page, login: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.href.startsWith(`${OIDC_PROVIDER_URL}/interaction/`));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}
