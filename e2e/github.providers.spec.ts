import { type Page, expect } from '@playwright/test';
import { expectOnDashboard, signOut } from './helpers/accounts';
import { expectSessionCookies, sessionCookies } from './helpers/cookies';
import { test } from './helpers/devices';
import { GITHUB_STANDIN_URL, PROVIDERS_URL } from './helpers/server-addresses';

// Signing in with GitHub, against a stand-in that serves GitHub's documented OAuth and REST
// endpoints (e2e/servers/github-standin.mjs): whoever authorizes there is the username typed, with
// the primary email `<username>@users.example.test`, verified unless the name starts with
// `unverified-`.

let counter = 0;
const uniqueLogin = (label: string) => `${label}-${Date.now()}-${counter++}`;
const emailOf = (login: string) => `${login}@users.example.test`;

async function authorizeAtGitHub(page: Page, login: string, decision: 'Authorize' | 'Cancel' = 'Authorize'): Promise<void> {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Continue with GitHub' }).click();
  await expect(page).toHaveURL(new RegExp(`^${GITHUB_STANDIN_URL.replace(/[.]/g, '\\.')}/login/oauth/authorize\\?`));
  const asked = new URL(page.url());
  expect(Object.fromEntries(asked.searchParams)).toMatchObject({
    client_id: 'latchkey-github',
    redirect_uri: `${PROVIDERS_URL}/auth/callback/github`,
    scope: 'read:user user:email',
    code_challenge_method: 'S256',
    response_type: 'code',
  });
  expect(asked.searchParams.get('state')).toBeTruthy();
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: decision }).click();
}

test('a GitHub account with a verified primary email signs up, then signs in to the same account', async ({ page, context, newDevice }) => {
  const login = uniqueLogin('octo');
  await authorizeAtGitHub(page, login);
  await expectOnDashboard(page, emailOf(login));
  await expectSessionCookies(context);
  // The address GitHub verified needs no verifying here.
  await expect(page.getByTestId('verification-banner')).toHaveCount(0);

  await signOut(page);
  const other = await newDevice();
  await authorizeAtGitHub(other.page, login);
  await expectOnDashboard(other.page, emailOf(login));
  await other.page.goto('/settings/connected');
  await expect(other.page.getByRole('list', { name: 'Connected accounts' }).getByRole('listitem')).toContainText('GitHub');
});

test('a GitHub account whose primary email is not verified cannot sign in, and is told why', async ({ page, context }) => {
  await authorizeAtGitHub(page, uniqueLogin('unverified-octo'));
  await expect(page).toHaveURL(`${PROVIDERS_URL}/login?${new URLSearchParams({ next: '/dashboard', error: 'email_unverified', provider: 'github' })}`);
  await expect(page.locator('main').getByRole('alert')).toHaveText('Your GitHub account has no verified email address. Verify one at GitHub, then try again.');
  expect(await sessionCookies(context)).toEqual({ access: undefined, refresh: undefined });
});

test('cancelling at GitHub lands on /login saying so', async ({ page, context }) => {
  await authorizeAtGitHub(page, uniqueLogin('octo'), 'Cancel');
  await expect(page.locator('main').getByRole('alert')).toHaveText('Sign-in with GitHub was cancelled.');
  expect(await sessionCookies(context)).toEqual({ access: undefined, refresh: undefined });
});
