import { type Page, type Request, expect } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_USER, signIn } from './helpers/accounts';
import { registerAppInConsole, shownCredentials } from './helpers/admin';
import { type NewDevice, test } from './helpers/devices';
import { SCREENS } from './helpers/pages';
import { actionHeaders } from './helpers/server-actions';
import { rememberSecret } from './helpers/server-log';

// The admin console's app registrations (/admin/clients): register, see the secret once, fix
// field errors, edit, rotate the secret, disable; every change in the audit log.

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** What the token endpoint says to these credentials with a code that does not exist. */
async function tokenAnswer(page: Page, clientId: string, secret: string): Promise<string> {
  const response = await page.request.post('/api/auth/token', {
    form: { grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: 'https://app.example.com/cb', code_verifier: 'v'.repeat(43) },
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
  });
  return ((await response.json()) as { error: string }).error;
}

test('an admin registers an app, sees its secret once, edits it, rotates the secret and disables it', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
  const name = `Wiki ${Date.now()}`;
  const { clientId, secret } = await registerAppInConsole(page, name, 'https://wiki.example.com/callback\nhttp://localhost:8080/callback');
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: `${SCREENS}/admin-clients-secret.png`, fullPage: true });
  expect(await tokenAnswer(page, clientId, secret)).toBe('invalid_grant');

  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await expect(row.getByRole('cell')).toHaveText([name, clientId, 'Confidential', /wiki\.example\.com.*localhost/, 'openid profile email', 'Active']);
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/admin-client.png`, fullPage: true });

  await page.getByLabel('Name').fill(`${name} 2`);
  await page.getByRole('checkbox', { name: /offline_access/ }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: `${name} 2` })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /offline_access/ })).toBeChecked();

  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await expect(shownCredentials(page)).toContainText('A new secret is in use');
  const rotated = (await shownCredentials(page).locator('dd code').allTextContents())[1]!;
  rememberSecret('client secret', rotated);
  await page.screenshot({ path: `${SCREENS}/admin-client-rotated.png`, fullPage: true });
  expect(rotated).not.toBe(secret);
  expect(await tokenAnswer(page, clientId, secret)).toBe('invalid_client');
  expect(await tokenAnswer(page, clientId, rotated)).toBe('invalid_grant');

  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Enable the app' })).toBeVisible();
  expect(await tokenAnswer(page, clientId, rotated)).toBe('invalid_client');
  await page.goto(`/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: 'https://wiki.example.com/callback', scope: 'openid', code_challenge: CHALLENGE, code_challenge_method: 'S256' })}`);
  await expect(page.getByText('The app that sent you here is not registered with this Latchkey, or has been disabled.')).toBeVisible();

  await page.goto(`/admin/events?type=app_client_created`);
  await expect(page.getByText(`Registered the app “${name}” by ${DEMO_ADMIN}`)).toBeVisible();
  await page.goto(`/admin/events?type=app_client_disabled`);
  await expect(page.getByText(`Disabled the app “${name} 2” by ${DEMO_ADMIN}`)).toBeVisible();
});

test('an insecure or fragment redirect URI and a missing name are refused in the form, and nothing is registered', async ({ page }) => {
  await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
  await page.goto('/admin/clients');
  await page.getByLabel('Redirect URIs', { exact: true }).fill('http://example.com/cb\nhttps://app.example.com/cb#frag\nnot a url');
  await page.getByRole('button', { name: 'Register app' }).click();
  const uris = page.getByLabel('Redirect URIs', { exact: true });
  await expect(uris).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-redirectUris-error li')).toHaveText([
    'http://example.com/cb must use https (plain http only for localhost, 127.0.0.1 or [::1]).',
    'https://app.example.com/cb#frag must not have a #fragment.',
    'not a url is not an absolute URL.',
  ]);
  await expect(page.locator('#field-name-error')).toHaveText('Give the app a name.');
  await expect(page.getByLabel('Name')).toBeFocused();
  // What was typed stays, beside the errors.
  await expect(uris).toHaveValue('http://example.com/cb\nhttps://app.example.com/cb#frag\nnot a url');
  await page.screenshot({ path: `${SCREENS}/admin-clients-errors.png`, fullPage: true });
  await page.reload();
  await expect(page.getByRole('cell', { name: 'http://example.com/cb' })).toHaveCount(0);
});

test('a user who is not an admin gets 403 at /admin/clients', async ({ page }) => {
  await signIn(page, DEMO_USER, DEMO_PASSWORD);
  expect((await page.goto('/admin/clients'))?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '403: Access denied' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Register app' })).toHaveCount(0);
});

test('the console’s actions check the admin themselves: a rotation replayed with a user’s cookies is refused and changes nothing', async ({ page, newDevice }) => {
  await signIn(page, DEMO_ADMIN, DEMO_PASSWORD);
  const name = `Replayed ${Date.now()}`;
  const { clientId, secret } = await registerAppInConsole(page, name, 'https://app.example.com/cb');
  await page.goto(`/admin/clients/${clientId}`);
  // The admin's own call is captured and never reaches the server.
  let captured: Request | undefined;
  await page.route(`**/admin/clients/${clientId}`, (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    captured = route.request();
    return route.abort();
  });
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await expect.poll(() => captured).toBeDefined();

  const user = await signedInUser(newDevice);
  const headers = { ...(await actionHeaders(captured!)), cookie: await cookieHeader(user) };
  const replayed = await user.request.post(`/admin/clients/${clientId}`, { headers, data: captured!.postData()!, maxRedirects: 0 });
  expect(replayed.status()).toBe(403);
  expect(await tokenAnswer(page, clientId, secret)).toBe('invalid_grant');
});

async function signedInUser(newDevice: NewDevice): Promise<Page> {
  const { page } = await newDevice();
  await signIn(page, DEMO_USER, DEMO_PASSWORD);
  return page;
}

async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}
