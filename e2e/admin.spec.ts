import { type Page, expect } from '@playwright/test';
import { DEMO_PASSWORD, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { openUser } from './helpers/admin';
import { type NewDevice, test } from './helpers/devices';

// The admin console, driven by the demo admin on fresh accounts (never on the demo accounts).

const PASSWORD = 'correct-horse-battery';

async function signedInUser(newDevice: NewDevice, label: string): Promise<{ page: Page; email: string }> {
  const { page } = await newDevice();
  const email = uniqueEmail(label);
  await signUp(page, email, PASSWORD);
  return { page, email };
}

test('the overview shows the counts and links to users and events', async ({ page }) => {
  await signIn(page, 'admin@example.com', DEMO_PASSWORD);
  await page.goto('/admin');
  for (const label of ['Users', 'Active sessions', 'Sign-ins (24 h)', 'Failed sign-ins (24 h)']) {
    await expect(page.locator('dt', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) })).toBeVisible();
  }
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Events' }).click();
  await expect(page).toHaveURL(/\/admin\/events$/);
  await page.screenshot({ path: 'test-results/screens/admin-events.png', fullPage: true });
});

test('a USER gets 403 on every admin page; anonymous visitors go to sign in', async ({ page }) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
  await signUp(page, uniqueEmail('plain'), PASSWORD);
  for (const path of ['/admin', '/admin/users', '/admin/events']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: '403: Access denied' })).toBeVisible();
  }
});

test('promoting gives admin access; demoting takes it away at the next request', async ({ page: admin, newDevice }) => {
  const other = await signedInUser(newDevice, 'promote');
  await signIn(admin, 'admin@example.com', DEMO_PASSWORD);
  await openUser(admin, other.email);
  await admin.getByLabel('Role').selectOption('ADMIN');
  await admin.getByRole('button', { name: 'Save role' }).click();
  await expect(admin.getByTestId('user-role')).toHaveText('ADMIN');
  expect((await other.page.goto('/admin'))?.status()).toBe(200);
  await admin.screenshot({ path: 'test-results/screens/admin-user.png', fullPage: true });

  await admin.getByLabel('Role').selectOption('USER');
  await admin.getByRole('button', { name: 'Save role' }).click();
  await expect(admin.getByTestId('user-role')).toHaveText('USER');
  expect((await other.page.goto('/admin'))?.status()).toBe(403);
  await expect(admin.getByTestId('event').first()).toContainText('Role changed to USER by admin@example.com');
});

test('disabling signs the user out at once and blocks sign-in until enabled', async ({ page: admin, newDevice }) => {
  const other = await signedInUser(newDevice, 'disable');
  await signIn(admin, 'admin@example.com', DEMO_PASSWORD);
  await openUser(admin, other.email);
  await expect(admin.getByTestId('session')).toHaveCount(1);
  await admin.getByRole('button', { name: 'Disable account' }).click();
  await expect(admin.getByTestId('user-status')).toHaveText('Disabled');
  await expect(admin.getByTestId('session')).toHaveCount(0);

  await other.page.goto('/dashboard');
  await expect(other.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await other.page.getByLabel('Email').fill(other.email);
  await other.page.getByLabel('Password').fill(PASSWORD);
  await other.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(other.page.locator('main').getByRole('alert')).toHaveText('This account is disabled. Contact an administrator.');

  await admin.getByRole('button', { name: 'Enable account' }).click();
  await expect(admin.getByTestId('user-status')).toHaveText('Active');
  await signIn(other.page, other.email, PASSWORD);
});

test('an admin signs a user out everywhere', async ({ page: admin, newDevice }) => {
  const other = await signedInUser(newDevice, 'kick');
  await signIn(admin, 'admin@example.com', DEMO_PASSWORD);
  await openUser(admin, other.email);
  await admin.getByRole('button', { name: 'Sign out everywhere' }).last().click();
  await expect(admin.getByTestId('session')).toHaveCount(0);
  await other.page.goto('/dashboard');
  await expect(other.page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test('the events page filters by type and by user', async ({ page: admin, newDevice }) => {
  const other = await signedInUser(newDevice, 'events');
  await signIn(admin, 'admin@example.com', DEMO_PASSWORD);
  await admin.goto('/admin/events');
  await admin.getByLabel('Type').selectOption('sign_up');
  await admin.getByLabel('User').fill(other.email);
  await admin.getByRole('button', { name: 'Filter' }).click();
  await expect(admin).toHaveURL(/type=sign_up/);
  await expect(admin.getByTestId('event')).toHaveCount(1);
  await expect(admin.getByTestId('event')).toContainText(other.email);
  await expect(admin.getByTestId('event')).toContainText('Created the account');
});
