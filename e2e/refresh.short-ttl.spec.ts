import { expect, test } from '@playwright/test';
import { expectOnDashboard, loginUrl, signUp, uniqueEmail } from './helpers/accounts';
import { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_FORMAT, expectSessionCookies, sessionCookieValues, setCookie, waitForAccessExpiry } from './helpers/cookies';
import { baseURLOf, settle } from './helpers/pages';
import { jwtPayload } from './helpers/tokens';

// Runs against the server with ACCESS_TOKEN_TTL=5: every access token is inside the 60-second
// refresh margin, so every request that carries a refresh cookie rotates it, and the access
// cookie (Max-Age=5) is gone from the browser five seconds after it was set.

const REUSE_GRACE_MS = 10_000;

/**
 * Waits until REFRESH_REUSE_GRACE (10 s) has passed since a refresh token was rotated. This wait
 * must pass, and nothing shows when it has: the window is the server's own time since it marked
 * the token used, and only the next presentation of the token tells. The clock server's trick
 * (e2e/servers/movable-clock.mjs) does not fit here: this server's clock is shared with the tests
 * running beside this one, whose 5-second tokens would all expire at a move. `rotatedAt` is read
 * after the rotating response arrived, so the server marked the token no later.
 */
async function waitOutReuseGrace(rotatedAt: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, rotatedAt + REUSE_GRACE_MS + 1_000 - Date.now()));
}

test.beforeEach(() => {
  test.setTimeout(60_000);
});

test('an expired access token is refreshed transparently and both cookies are replaced', async ({ page, context }) => {
  const email = uniqueEmail('refresh');
  await signUp(page, email);
  await settle(page);
  const before = await expectSessionCookies(context);

  await waitForAccessExpiry(context, before.access);
  // The page's own background requests may have refreshed meanwhile: take the jar as it is now.
  const expired = await sessionCookieValues(context);
  expect(expired.access).toBeUndefined();
  expect(expired.refresh).toMatch(REFRESH_FORMAT);

  const response = await page.goto('/dashboard');
  expect(response?.status()).toBe(200);
  expect(response?.request().redirectedFrom()).toBeNull();
  await expectOnDashboard(page, email);

  const after = await expectSessionCookies(context);
  expect(after.access).not.toBe(before.access);
  expect(after.refresh).not.toBe(expired.refresh);
  expect(after.refresh).not.toBe(before.refresh);
  const claims = jwtPayload(after.access);
  expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  expect(claims.sid).toBe(jwtPayload(before.access).sid);
});

test('a replayed, already-rotated refresh token after the grace window revokes the whole session', async ({ page, context }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  const email = uniqueEmail('reuse');
  await signUp(page, email);
  await settle(page);
  const signedIn = await expectSessionCookies(context);

  // Rotate the current token (R0) away: once the access token has expired, the next page refreshes.
  await waitForAccessExpiry(context, signedIn.access);
  const r0 = (await sessionCookieValues(context)).refresh!;
  expect(r0).toMatch(REFRESH_FORMAT);
  await page.goto('/dashboard');
  await expectOnDashboard(page, email);
  await settle(page);
  const rotatedAt = Date.now();
  const rotated = await expectSessionCookies(context);
  expect(rotated.refresh).not.toBe(r0);

  // Past the reuse grace window (the subject of this test), R0 is a stolen token.
  await waitOutReuseGrace(rotatedAt);
  // The newest tokens the legitimate client holds (its access cookie has expired by now).
  const jar = await sessionCookieValues(context);
  expect(jar.refresh).toMatch(REFRESH_FORMAT);
  expect(jar.refresh).not.toBe(r0);
  const latest = { access: jar.access ?? rotated.access, refresh: jar.refresh! };

  await context.clearCookies({ name: ACCESS_COOKIE });
  await setCookie(context, baseURL, REFRESH_COOKIE, r0);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(loginUrl('/dashboard'));
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await sessionCookieValues(context)).toEqual({ access: undefined, refresh: undefined });

  // The legitimate client's newest tokens are dead too: the session itself was revoked.
  await setCookie(context, baseURL, ACCESS_COOKIE, latest.access);
  await setCookie(context, baseURL, REFRESH_COOKIE, latest.refresh);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(loginUrl('/dashboard'));
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('user-email')).toHaveCount(0);
});

test('two tabs refreshing at the same moment both stay signed in', async ({ page, context }) => {
  const email = uniqueEmail('tabs');
  await signUp(page, email);
  const second = await context.newPage();
  await second.goto('/dashboard');
  await expectOnDashboard(second, email);
  await settle(page);
  await settle(second);
  const before = await expectSessionCookies(context);

  await waitForAccessExpiry(context, before.access);
  await Promise.all([page.goto('/dashboard'), second.goto('/dashboard')]);
  await expectOnDashboard(page, email);
  await expectOnDashboard(second, email);
  const after = await expectSessionCookies(context);
  expect(after.refresh).not.toBe(before.refresh);

  // The session was not revoked as a reuse: each tab keeps working.
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}.`)).toBeVisible();
  await second.goto('/dashboard');
  await expectOnDashboard(second, email);
  await second.goto('/settings/sessions');
  await expect(second.getByTestId('session')).toHaveCount(1);
  await expect(second.getByTestId('session')).toContainText('This device');
});

test('without a refresh cookie an expired session goes to the login page', async ({ page, context }) => {
  const email = uniqueEmail('norefresh');
  await signUp(page, email);
  await settle(page);
  const { access } = await expectSessionCookies(context);

  await context.clearCookies({ name: REFRESH_COOKIE });
  await waitForAccessExpiry(context, access);
  expect(await sessionCookieValues(context)).toEqual({ access: undefined, refresh: undefined });

  await page.goto('/dashboard');
  await expect(page).toHaveURL(loginUrl('/dashboard'));
  expect(new URL(page.url()).search).toBe('?next=%2Fdashboard');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
});

/** One stateless request (no browser, no cookie jar): the status, Location and the new refresh token. */
async function refreshWith(baseURL: string, refreshToken: string) {
  const response = await fetch(`${baseURL}/dashboard`, { headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}` }, redirect: 'manual' });
  const setCookies = response.headers.getSetCookie();
  const refresh = setCookies.find((cookie) => cookie.startsWith(`${REFRESH_COOKIE}=`))?.split(';')[0]?.slice(REFRESH_COOKIE.length + 1);
  const location = response.headers.get('location');
  return { status: response.status, location: location && new URL(location, baseURL).href, refresh };
}

test('inside the grace window an earlier refresh token resolves to the current one; after it, reuse ends the session', async ({ page, context }, testInfo) => {
  const baseURL = baseURLOf(testInfo);
  const email = uniqueEmail('grace');
  await signUp(page, email);
  await settle(page);
  const fromBrowser = (await expectSessionCookies(context)).refresh;
  // From here on no browser request can rotate the token behind the test's back.
  await context.close();
  const start = await refreshWith(baseURL, fromBrowser);
  expect(start.status).toBe(200);
  const r0 = start.refresh!;

  const first = await refreshWith(baseURL, r0);
  const rotatedAt = Date.now();
  expect(first.status).toBe(200);
  expect(first.refresh).toMatch(REFRESH_FORMAT);
  expect(first.refresh).not.toBe(r0);

  // A racing request with the same token, well inside REFRESH_REUSE_GRACE: the same successor.
  const racing = await refreshWith(baseURL, r0);
  expect(racing.status).toBe(200);
  expect(racing.refresh).toBe(first.refresh);

  // Rotated again (a prefetch, another tab): R0, still inside the grace window, resolves to the
  // session's current token rather than signing the user out.
  const second = await refreshWith(baseURL, first.refresh!);
  expect(second.status).toBe(200);
  expect(second.refresh).not.toBe(first.refresh);
  const late = await refreshWith(baseURL, r0);
  expect(late.status).toBe(200);
  expect(late.refresh).toBe(second.refresh);

  // Past the grace window, R0 is a stolen token: reuse ends the whole session, newest token included.
  await waitOutReuseGrace(rotatedAt);
  const replay = await refreshWith(baseURL, r0);
  expect(replay.status).toBe(307);
  expect(replay.location).toBe(`${baseURL}/login?next=%2Fdashboard`);
  expect(replay.refresh).toBe('');

  const newest = await refreshWith(baseURL, second.refresh!);
  expect(newest.status).toBe(307);
  expect(newest.location).toBe(`${baseURL}/login?next=%2Fdashboard`);
});
