import { type BrowserContext, type Page, expect } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, GOOD_PASSWORD, expectOnDashboard, signIn, signOut, signUp, uniqueEmail } from './helpers/accounts';
import { expectSessionCookies, sessionCookies } from './helpers/cookies';
import { test } from './helpers/devices';
import { VERIFY_SUBJECT, linkFromMail } from './helpers/mail';
import { SCREENS } from './helpers/pages';
import { OIDC_PROVIDER_URL, PROVIDERS_URL } from './helpers/server-addresses';
import { IDP, signInAtIdp } from './helpers/test-idp';
import { MFA_COOKIE, codeFor, submitCode, turnOn } from './helpers/two-factor';

// Signing in with an OpenID Connect provider: a real one (oidc-provider, e2e/servers/oidc-provider.mjs)
// configured as "Test IdP", driven through its own login and consent pages. Whoever signs in there
// is the login typed, which is also their email; the email is verified unless the login starts
// with `unverified.`.

const CALLBACK = `${PROVIDERS_URL}/auth/callback/oidc`;
/** The cookie that holds a round trip while the browser is at the provider. */
const FLOW_COOKIE = 'latchkey_oauth';

const MESSAGES = {
  accountExists: `An account with this email already exists. Sign in to it, then connect ${IDP} under Settings.`,
  disabled: 'This account is disabled. Contact an administrator.',
  cancelled: `Sign-in with ${IDP} was cancelled.`,
  flowInvalid: 'That sign-in did not start here or took too long. Try again.',
};

const continueButton = (page: Page) => page.getByRole('button', { name: `Continue with ${IDP}` });
const pageAlert = (page: Page) => page.locator('main').getByRole('alert');
const banner = (page: Page) => page.getByTestId('verification-banner');
const events = (page: Page) => page.getByTestId('event');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a round trip that signed no one in lands: /login, keeping `next`, saying why. */
function problemUrl(error: string, next = '/dashboard'): string {
  return `${PROVIDERS_URL}/login?${new URLSearchParams({ next, error, provider: 'oidc' })}`;
}

async function flowCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === FLOW_COOKIE);
}

/** Clicks `Continue with Test IdP` on `path` (a sign-in or sign-up page). */
async function continueWithIdp(page: Page, path = '/login'): Promise<void> {
  await page.goto(path);
  await continueButton(page).click();
}

/** A whole round trip from /login as `login`, in a browser the provider has not seen yet. */
async function signInWithIdp(page: Page, login: string, path = '/login'): Promise<void> {
  await continueWithIdp(page, path);
  await signInAtIdp(page, login);
}

/**
 * A round trip up to the provider's answer, which is held back from Latchkey: the URL the provider
 * sends the browser to (with its code and state), not visited. Playwright cannot stop a redirect
 * the browser follows, so the consent is given and its redirects followed by hand, with the
 * browser's own cookies (context.request shares its cookie jar).
 */
async function heldCallback(page: Page, login: string): Promise<URL> {
  await continueWithIdp(page);
  await expect(page).toHaveURL(new RegExp(`^${escape(OIDC_PROVIDER_URL)}/interaction/`));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.locator('form', { has: page.getByRole('button', { name: 'Continue', exact: true }) });
  let url = new URL((await consent.getAttribute('action')) ?? '', page.url());
  let response = await page.context().request.post(url.href, { form: { prompt: 'consent' }, maxRedirects: 0 });
  for (let hop = 0; hop < 5 && response.status() >= 300 && response.status() < 400; hop++) {
    url = new URL(response.headers()['location'] ?? '', url);
    if (url.origin === PROVIDERS_URL) return url;
    response = await page.context().request.get(url.href, { maxRedirects: 0 });
  }
  throw new Error(`the provider did not send the browser back: ${response.status()} at ${url.href}`);
}

async function expectNoSession(context: BrowserContext): Promise<void> {
  expect(await sessionCookies(context)).toEqual({ access: undefined, refresh: undefined });
}

/** Signs up with a password through the form and verifies the address through the mail's link. */
async function signUpVerified(page: Page, email: string): Promise<void> {
  await signUp(page, email);
  await page.goto(await linkFromMail(page, email, VERIFY_SUBJECT, '/verify-email'));
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email verified');
  await page.goto('/dashboard');
  await expect(banner(page)).toHaveCount(0);
}

test('/login and /signup offer Test IdP as a plain form; it starts the round trip with state, nonce and PKCE in an HttpOnly cookie', async ({ page, context }) => {
  for (const path of ['/login', '/signup']) {
    await page.goto(path);
    const form = page.locator('form', { has: continueButton(page) });
    await expect(form).toHaveAttribute('method', 'post');
    await expect(form).toHaveAttribute('action', '/auth/start/oidc');
    await expect(form.locator('input[type=hidden][name=next]')).toHaveValue('/dashboard');
  }
  await page.screenshot({ path: `${SCREENS}/signup-providers.png`, fullPage: true });

  await page.goto('/login');
  await page.screenshot({ path: `${SCREENS}/login-providers.png`, fullPage: true });
  const [start] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST' && response.url() === `${PROVIDERS_URL}/auth/start/oidc`),
    continueButton(page).click(),
  ]);
  expect(start.status()).toBe(303);
  const destination = new URL(start.headers()['location'] ?? '');
  expect(`${destination.origin}${destination.pathname}`).toBe(`${OIDC_PROVIDER_URL}/auth`);
  const params = destination.searchParams;
  expect(params.get('client_id')).toBe('latchkey-e2e');
  expect(params.get('redirect_uri')).toBe(CALLBACK);
  expect(params.get('response_type')).toBe('code');
  expect(params.get('scope')).toBe('openid email profile');
  expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(params.get('code_challenge_method')).toBe('S256');

  // At the provider now, with the round trip in a cookie of this browser for 10 minutes.
  await expect(page.locator('input[name=login]')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/idp-login.png`, fullPage: true });
  const cookie = await flowCookie(context);
  expect(cookie).toMatchObject({ domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax', secure: false });
  expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(600 - 60);
  expect(cookie!.expires - Date.now() / 1000).toBeLessThanOrEqual(600 + 1);
  await expectNoSession(context);
});

test('a new identity gets a new verified account without a password and is signed in; the next time it signs in to the same account', async ({ page, context, newDevice }) => {
  const email = uniqueEmail('idp-new');
  await signInWithIdp(page, email);
  await expectOnDashboard(page, email);
  await expectSessionCookies(context);
  expect(await flowCookie(context)).toBeUndefined();
  // The provider vouched for the address: no banner asks to verify it.
  await expect(banner(page)).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/provider-new-account.png`, fullPage: true });

  // Settings → Activity names the provider.
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page).toHaveURL(/\/settings\/activity$/);
  await expect(events(page)).toHaveCount(3);
  await expect(events(page).filter({ hasText: /^Signed in with Test IdP from / })).toHaveCount(1);
  await expect(events(page).filter({ hasText: /^Connected Test IdP/ })).toHaveCount(1);
  await expect(events(page).filter({ hasText: /^Created the account/ })).toHaveCount(1);

  // Another browser, the same person at the provider: the same account, no second one.
  const other = await newDevice();
  await signInWithIdp(other.page, email);
  await expectOnDashboard(other.page, email);
  await other.page.goto('/settings/activity');
  await expect(events(other.page)).toHaveCount(4);
  await expect(events(other.page).filter({ hasText: /^Signed in with Test IdP/ })).toHaveCount(2);
  await expect(events(other.page).filter({ hasText: /^Created the account/ })).toHaveCount(1);

  // Signed out here, the provider still remembers this browser: straight back in, no pages there.
  await signOut(page);
  await continueWithIdp(page);
  await expectOnDashboard(page, email);
});

test('an email the provider does not vouch for gets an account whose address still needs verifying', async ({ page, context }) => {
  const email = uniqueEmail('unverified.idp');
  await signInWithIdp(page, email);
  await expectOnDashboard(page, email);
  await expectSessionCookies(context);
  await expect(banner(page)).toContainText(`We sent a link to ${email}`);
});

test('an existing account is linked when both the provider and Latchkey have verified its email', async ({ page, newDevice }) => {
  const email = uniqueEmail('idp-link');
  await signUpVerified(page, email);

  const other = await newDevice();
  await signInWithIdp(other.page, email);
  await expectOnDashboard(other.page, email);
  await expectSessionCookies(other.context);
  await other.page.goto('/settings/activity');
  await expect(events(other.page).filter({ hasText: /^Connected Test IdP/ })).toHaveCount(1);
  await expect(events(other.page).filter({ hasText: /^Signed in with Test IdP/ })).toHaveCount(1);
  await expect(events(other.page).filter({ hasText: /^Created the account/ })).toHaveCount(1);

  // The password still works too.
  await signOut(page);
  await signIn(page, email, GOOD_PASSWORD);
});

test('an existing account whose email Latchkey has not verified is not linked: sign in to it first', async ({ page, context, newDevice }) => {
  const email = uniqueEmail('idp-nolink');
  await signUp(page, email);
  await signOut(page);

  await signInWithIdp(page, email);
  await expect(page).toHaveURL(problemUrl('account_exists'));
  await expect(pageAlert(page)).toHaveText(MESSAGES.accountExists);
  await expectNoSession(context);
  expect(await flowCookie(context)).toBeUndefined();
  await page.screenshot({ path: `${SCREENS}/provider-account-exists.png`, fullPage: true });

  // Nothing was linked: the password signs in, and the account shows no connection.
  await signIn(page, email, GOOD_PASSWORD);
  await page.goto('/settings/activity');
  await expect(events(page).filter({ hasText: /^Connected Test IdP/ })).toHaveCount(0);
  await expect(events(page).filter({ hasText: /^Signed in with Test IdP/ })).toHaveCount(0);

  // A second try is refused too: a linked identity would have signed in.
  const other = await newDevice();
  await signInWithIdp(other.page, email);
  await expect(other.page).toHaveURL(problemUrl('account_exists'));
  await expectNoSession(other.context);
});

test('an existing verified account is not linked to a provider that does not vouch for the email', async ({ page, context }) => {
  const email = uniqueEmail('unverified.idp-nolink');
  await signUpVerified(page, email);
  await signOut(page);

  await signInWithIdp(page, email);
  await expect(page).toHaveURL(problemUrl('account_exists'));
  await expect(pageAlert(page)).toHaveText(MESSAGES.accountExists);
  await expectNoSession(context);

  await signIn(page, email, GOOD_PASSWORD);
  await page.goto('/settings/activity');
  await expect(events(page).filter({ hasText: /^Connected Test IdP/ })).toHaveCount(0);
});

test('with two-factor on, the provider leads to the code step', async ({ page, context }) => {
  // A sign-up, a two-factor setup and two round trips to the provider: about 10 s on a quiet 2-core machine.
  test.setTimeout(60_000);
  // Two-factor codes need a password (an account made by a provider has none): an account made
  // with one, whose email is verified, so that the provider links to it.
  const email = uniqueEmail('idp-mfa');
  await signUpVerified(page, email);
  const { secret } = await turnOn(page);
  await signOut(page);

  await signInWithIdp(page, email);
  await expect(page).toHaveURL(`${PROVIDERS_URL}/login/verify`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two-factor authentication');
  expect((await context.cookies()).find((cookie) => cookie.name === MFA_COOKIE)).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  await expectNoSession(context);
  await submitCode(page, codeFor(secret));
  await expectOnDashboard(page, email);

  // Again, now a known identity, keeping `next` across the code step. The provider remembers
  // this browser and answers at once; Latchkey still asks for the code.
  await signOut(page);
  await continueWithIdp(page, '/login?next=%2Fsettings');
  await expect(page).toHaveURL(`${PROVIDERS_URL}/login/verify?next=%2Fsettings`);
  await expectNoSession(context);
  await submitCode(page, codeFor(secret, 1));
  await expect(page).toHaveURL(`${PROVIDERS_URL}/settings`);
});

test('a disabled account is refused after the provider', async ({ page: admin, newDevice }) => {
  // Two round trips to the provider and the admin console: about 8 s on a quiet 2-core machine.
  test.setTimeout(60_000);
  const email = uniqueEmail('idp-disabled');
  const user = await newDevice();
  await signInWithIdp(user.page, email);
  await expectOnDashboard(user.page, email);
  await signOut(user.page);

  await signIn(admin, DEMO_ADMIN, DEMO_PASSWORD);
  await admin.goto('/admin/users');
  await admin.getByLabel('Search').fill(email);
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.getByRole('link', { name: email }).click();
  await admin.getByRole('button', { name: 'Disable account' }).click();
  await expect(admin.getByTestId('user-status')).toHaveText('Disabled');

  await continueWithIdp(user.page);
  await expect(user.page).toHaveURL(problemUrl('account_disabled'));
  await expect(pageAlert(user.page)).toHaveText(MESSAGES.disabled);
  await expectNoSession(user.context);
});

test('cancelling at the provider lands on /login saying so, keeping next', async ({ page, context }) => {
  await continueWithIdp(page, '/login?next=%2Fsettings');
  await expect(page).toHaveURL(new RegExp(`^${escape(OIDC_PROVIDER_URL)}/interaction/`));
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
  await expect(page).toHaveURL(problemUrl('cancelled', '/settings'));
  await expect(pageAlert(page)).toHaveText(MESSAGES.cancelled);
  await expectNoSession(context);
  expect(await flowCookie(context)).toBeUndefined();
  await page.screenshot({ path: `${SCREENS}/provider-cancelled.png`, fullPage: true });
});

test('next is kept across the round trip', async ({ page }) => {
  const email = uniqueEmail('idp-next');
  await signInWithIdp(page, email, '/login?next=%2Fsettings');
  await expect(page).toHaveURL(`${PROVIDERS_URL}/settings`);
  await expect(page.getByTestId('user-email')).toHaveCount(0);
  await page.goto('/dashboard');
  await expectOnDashboard(page, email);
});

test('an answer with another state, or in a browser that did not start the round trip, signs no one in', async ({ page, context, newDevice }) => {
  const email = uniqueEmail('idp-state');
  const answer = await heldCallback(page, email);
  expect(`${answer.origin}${answer.pathname}`).toBe(CALLBACK);
  expect(answer.searchParams.get('code')).toBeTruthy();

  // The provider's real code, with the state changed.
  const tampered = new URL(answer);
  tampered.searchParams.set('state', `${answer.searchParams.get('state')}x`);
  await page.goto(tampered.href);
  await expect(page).toHaveURL(problemUrl('flow_invalid'));
  await expect(pageAlert(page)).toHaveText(MESSAGES.flowInvalid);
  await expectNoSession(context);
  await page.screenshot({ path: `${SCREENS}/provider-flow-invalid.png`, fullPage: true });

  // The round trip was used up by that answer: the genuine one comes too late.
  expect(await flowCookie(context)).toBeUndefined();
  await page.goto(answer.href);
  await expect(page).toHaveURL(problemUrl('flow_invalid'));
  await expectNoSession(context);

  // The genuine answer in a browser with no round trip of its own (a link sent to a victim).
  const fresh = await newDevice();
  await fresh.page.goto(answer.href);
  await expect(fresh.page).toHaveURL(problemUrl('flow_invalid'));
  await expect(pageAlert(fresh.page)).toHaveText(MESSAGES.flowInvalid);
  await expectNoSession(fresh.context);
});

test("code injection: another browser's code, carried into this browser's round trip, fails its PKCE check", async ({ page, context, newDevice }) => {
  // The attacker gets a code for their own account at the provider...
  const attacker = await newDevice();
  const stolen = await heldCallback(attacker.page, uniqueEmail('idp-attacker'));
  // ...and the victim's browser, with a round trip of its own under way, is sent back with it.
  const [start] = await Promise.all([page.waitForResponse(`${PROVIDERS_URL}/auth/start/oidc`), continueWithIdp(page)]);
  const state = new URL(start.headers()['location'] ?? '').searchParams.get('state');
  if (!state) throw new Error('the round trip started without a state');
  const injected = new URL(stolen);
  injected.searchParams.set('state', state);
  await page.goto(injected.href);
  // The code was issued for the attacker's PKCE challenge: the provider refuses this browser's verifier.
  await expect(page).toHaveURL(problemUrl('provider_error'));
  await expect(pageAlert(page)).toHaveText(`${IDP} could not sign you in. Try again.`);
  await expectNoSession(context);
});

test("nonce mismatch: an ID token minted for another nonce is refused, though state and PKCE match", async ({ page, context }) => {
  // This browser's own round trip, sent to the provider with the nonce replaced: the code stays
  // bound to this browser's PKCE challenge, but the ID token carries a nonce Latchkey never made.
  const [start] = await Promise.all([page.waitForResponse(`${PROVIDERS_URL}/auth/start/oidc`), continueWithIdp(page)]);
  const authorize = new URL(start.headers()['location'] ?? '');
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  authorize.searchParams.set('nonce', 'a-nonce-from-elsewhere');
  await page.goto(authorize.href);
  await signInAtIdp(page, uniqueEmail('idp-nonce'));
  await expect(page).toHaveURL(problemUrl('provider_error'));
  await expect(pageAlert(page)).toHaveText(`${IDP} could not sign you in. Try again.`);
  await expectNoSession(context);
});

test('an answer to an older round trip in the same browser is refused: a newer one replaced it', async ({ page, context }) => {
  const email = uniqueEmail('idp-stale');
  await continueWithIdp(page);
  await expect(page).toHaveURL(new RegExp(`^${escape(OIDC_PROVIDER_URL)}/interaction/`));
  // Another tab starts another round trip, whose state replaces this one's in the cookie.
  const tab = await context.newPage();
  await continueWithIdp(tab);
  await expect(tab).toHaveURL(new RegExp(`^${escape(OIDC_PROVIDER_URL)}/interaction/`));

  await signInAtIdp(page, email);
  await expect(page).toHaveURL(problemUrl('flow_invalid'));
  await expect(pageAlert(page)).toHaveText(MESSAGES.flowInvalid);
  await expectNoSession(context);
});

test('the whole round trip works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: PROVIDERS_URL, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const email = uniqueEmail('idp-nojs');
    await signInWithIdp(page, email);
    await expect(page).toHaveURL(`${PROVIDERS_URL}/dashboard`);
    await expect(page.getByTestId('user-email')).toHaveText(email);
    await expectSessionCookies(context);
  } finally {
    await context.close();
  }
});

test('Settings → Connected accounts: connect Test IdP to an account made with a password, sign in with it, disconnect it', async ({ page, newDevice }) => {
  test.setTimeout(60_000);
  const email = uniqueEmail('connect');
  // Another address at the provider: connecting links by identity, not by email.
  const login = uniqueEmail('connect-idp');
  await signUp(page, email);
  await page.goto('/settings/connected');
  await expect(page.getByText('No accounts are connected.')).toBeVisible();
  await page.getByRole('button', { name: `Connect ${IDP}` }).click();
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(`${PROVIDERS_URL}/settings/connected?connected=oidc`);
  await expect(page.getByRole('status')).toHaveText(`${IDP} is connected. You can now sign in with it.`);
  const connected = page.getByRole('list', { name: 'Connected accounts' }).getByRole('listitem');
  await expect(connected).toHaveCount(1);
  await expect(connected.first()).toContainText(login);

  // Another browser signs in to this account through the provider.
  const other = await newDevice();
  await signInWithIdp(other.page, login);
  await expectOnDashboard(other.page, email);

  // The same identity cannot be connected to a second account.
  const second = await newDevice();
  await signUp(second.page, uniqueEmail('connect-second'));
  await second.page.goto('/settings/connected');
  await second.page.getByRole('button', { name: `Connect ${IDP}` }).click();
  await signInAtIdp(second.page, login);
  await expect(pageAlert(second.page)).toHaveText(`That ${IDP} account is already connected to another Latchkey account. Disconnect it there first.`);

  await connected.first().getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByText('No accounts are connected.')).toBeVisible();
});

test('the last way into an account made through Test IdP cannot be disconnected', async ({ page }) => {
  const login = uniqueEmail('only-idp');
  await signInWithIdp(page, login);
  await expectOnDashboard(page, login);
  await page.goto('/settings/connected');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(pageAlert(page)).toHaveText('This is your only way to sign in. Set a password or add a passkey before disconnecting it.');
  await page.reload();
  await expect(page.getByRole('list', { name: 'Connected accounts' }).getByRole('listitem')).toHaveCount(1);
});
