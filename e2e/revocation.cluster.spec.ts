import { type BrowserContext, type Page, expect } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, GOOD_PASSWORD, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { openUser } from './helpers/admin';
import { test } from './helpers/devices';
import { CLUSTER_A_URL, CLUSTER_B_URL } from './helpers/server-addresses';
import { apiSignIn } from './helpers/tokens';

// Two servers over one PostgreSQL database (e2e/servers/postgres-cluster.mjs). What is ended on A
// (a sign-out, an account disabled, an admin demoted) is refused by B within 100 ms, although B
// had just read the session into its cache: A's transaction sends a NOTIFY that B hears
// (lib/accounts/session-changes.ts). Without it B would answer from its cache for up to
// SESSION_CACHE_TTL (2 s). The pages and tokens go to A (the project's baseURL) unless B is named.
// B is asked with Node's fetch, straight from the test: the time measured is B's answer, not the
// browser's or Playwright's request machinery.

const WITHIN_MS = 100;

/** Milliseconds from now until `refused()` holds, asking again at once each time it does not. */
async function msUntil(refused: () => Promise<boolean>, limitMs = 5000): Promise<number> {
  const start = performance.now();
  while (!(await refused())) {
    if (performance.now() - start > limitMs) throw new Error(`still accepted after ${limitMs} ms`);
  }
  return performance.now() - start;
}

async function meOnB(accessToken: string): Promise<number> {
  const response = await fetch(`${CLUSTER_B_URL}/api/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  await response.arrayBuffer();
  return response.status;
}

/** The status of B's admin console for the browser's session (its cookies are the host's, not the port's). */
async function adminPageOnB(context: BrowserContext): Promise<number> {
  const cookies = (await context.cookies(CLUSTER_B_URL)).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  const response = await fetch(`${CLUSTER_B_URL}/admin`, { headers: { Cookie: cookies }, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

/** Runs an admin console action on A and resolves when A has answered it. */
async function actOnA(admin: Page, button: string): Promise<void> {
  const answered = admin.waitForResponse((response) => response.request().method() === 'POST' && response.url().startsWith(CLUSTER_A_URL));
  await admin.getByRole('button', { name: button }).click();
  expect((await answered).ok()).toBe(true);
}

test('a token revoked on A is refused by B within 100 ms, 20 times in a row', async ({ page, request }) => {
  test.setTimeout(60_000);
  const email = uniqueEmail('cluster');
  await signUp(page, email);
  const timings: number[] = [];
  for (let round = 0; round < 20; round++) {
    const { accessToken } = await apiSignIn(request, email, GOOD_PASSWORD);
    // B reads the session once and keeps it in its cache.
    expect(await meOnB(accessToken)).toBe(200);
    expect(await meOnB(accessToken)).toBe(200);
    const revoked = await fetch(`${CLUSTER_A_URL}/api/auth/revoke`, { method: 'POST', body: new URLSearchParams({ token: accessToken }) });
    expect(revoked.status).toBe(200);
    timings.push(await msUntil(async () => (await meOnB(accessToken)) === 401));
  }
  test.info().annotations.push({ type: 'ms until B refused', description: timings.map((ms) => ms.toFixed(1)).join(', ') });
  for (const [round, ms] of timings.entries()) expect(ms, `round ${round + 1}: ${timings.map((t) => t.toFixed(1)).join(', ')}`).toBeLessThan(WITHIN_MS);
});

test('an account disabled on A is refused by B within 100 ms', async ({ page: admin, request, newDevice }) => {
  const { page } = await newDevice();
  const email = uniqueEmail('cluster-disable');
  await signUp(page, email);
  const { accessToken } = await apiSignIn(request, email, GOOD_PASSWORD);
  expect(await meOnB(accessToken)).toBe(200);

  await signIn(admin, DEMO_ADMIN, DEMO_PASSWORD);
  await openUser(admin, email);
  await actOnA(admin, 'Disable account');
  expect(await msUntil(async () => (await meOnB(accessToken)) === 401)).toBeLessThan(WITHIN_MS);
  await expect(admin.getByTestId('user-status')).toHaveText('Disabled');
});

test('an admin demoted on A gets 403 from B within 100 ms', async ({ page: admin, newDevice }) => {
  const { page, context } = await newDevice();
  const email = uniqueEmail('cluster-demote');
  await signUp(page, email);
  // B's page for the refused, rendered once before it is timed.
  expect(await adminPageOnB(context)).toBe(403);
  await signIn(admin, DEMO_ADMIN, DEMO_PASSWORD);
  await openUser(admin, email);
  await admin.getByLabel('Role').selectOption('ADMIN');
  await actOnA(admin, 'Save role');
  // B renders the admin console for the new admin, and caches the role.
  expect(await adminPageOnB(context)).toBe(200);
  expect(await adminPageOnB(context)).toBe(200);

  await admin.getByLabel('Role').selectOption('USER');
  await actOnA(admin, 'Save role');
  expect(await msUntil(async () => (await adminPageOnB(context)) === 403)).toBeLessThan(WITHIN_MS);
  await expect(admin.getByTestId('user-role')).toHaveText('USER');
});
