import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, submitSignIn } from '../helpers/accounts';
import { waitForHydratedForm } from '../helpers/pages';
import { PUBLIC_PROXY_URL } from '../helpers/server-addresses';

// A production start on the embedded database, served over https under a public name (APP_URL
// https://latchkey.test:…; the browser maps the name to this machine): no local trial, so no demo
// accounts with their published password, and no dev outbox showing everyone's mail.

test('the demo admin with the published password is refused by the sign-in form, and gets no cookie', async ({ page, context, baseURL }) => {
  await page.goto('/login');
  expect(page.url()).toBe(`${baseURL}/login`);
  await waitForHydratedForm(page);
  await submitSignIn(page, DEMO_ADMIN, DEMO_PASSWORD);
  await expect(page.locator('main form').getByRole('alert')).toHaveText('Incorrect email or password.');
  await expect(page).toHaveURL(`${baseURL}/login`);
  // No session cookie; at most the challenge of the passkey autofill /login starts as it loads.
  expect((await context.cookies()).map((cookie) => cookie.name).filter((name) => name !== '__Host-latchkey_passkey')).toEqual([]);
});

test('the demo admin with the published password is refused by the token endpoint', async ({ request }) => {
  // Programs do not resolve the public name: the same proxy, by its local address.
  const response = await request.post(`${PUBLIC_PROXY_URL}/api/auth/token`, {
    form: { grant_type: 'password', username: DEMO_ADMIN, password: DEMO_PASSWORD },
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'Incorrect email or password.' });
});

test('/dev/outbox answers 404', async ({ page }) => {
  expect((await page.goto('/login'))?.status()).toBe(200);
  expect((await page.goto('/dev/outbox'))?.status()).toBe(404);
});
