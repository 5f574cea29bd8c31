import { type Page, expect } from '@playwright/test';
import * as oidc from 'openid-client';
import { GOOD_PASSWORD, signUp, signOut, submitSignIn, submitSignUp, uniqueEmail } from './helpers/accounts';
import { ALL_SCOPES, Landing, RelyingParty, allowApp, arriveAtApp, registerApp } from './helpers/apps';
import { test } from './helpers/devices';
import { BASE_URL } from './helpers/server-addresses';
import { decodeJwtPart, splitJwt } from './helpers/tokens';
import { codeFor, submitCode, turnOn } from './helpers/two-factor';

// Latchkey as an OpenID Connect provider, end to end: apps registered with `npm run
// clients:create`, driven by openid-client (a certified relying party), the user in Chromium.
// The main server runs HS256, so ID tokens are signed with the provider's own ES256 key.

const DATA_DIR = '.data-e2e';

// Each app registration is a Node process (tsx), several seconds on a busy 2-core machine.
test.setTimeout(120_000);

const apps: RelyingParty[] = [];
async function newApp(name: string, args: string[] = ALL_SCOPES): Promise<RelyingParty> {
  const rp = await RelyingParty.start(BASE_URL, DATA_DIR, name, args);
  apps.push(rp);
  return rp;
}
test.afterAll(async () => {
  await Promise.all(apps.map((rp) => rp.close()));
});

/** A signed-out browser with an account of its own. */
async function newAccount(page: Page, label: string): Promise<string> {
  const email = uniqueEmail(label);
  await signUp(page, email);
  await signOut(page);
  return email;
}

/** Submits a form of the app's page (at its own origin, so the browser sends that Origin) posting `params` to `action`. */
async function postFromApp(page: Page, rp: RelyingParty, action: string, params: URLSearchParams) {
  await page.goto(`${rp.landing.origin}/form`);
  const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const fields = [...params].map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('');
  await page.setContent(`<form method="post" action="${escape(action)}">${fields}<button>Continue</button></form>`);
  const [response] = await Promise.all([page.waitForResponse((answer) => answer.url() === action), page.getByRole('button', { name: 'Continue' }).click()]);
  return response;
}

test('openid-client discovers Latchkey: its endpoints, the code flow with PKCE S256 only, ES256 ID tokens, iss in the response', async () => {
  // Discovery needs no registration: any client_id reads the same document.
  const config = await oidc.discovery(new URL(BASE_URL), 'anyone', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  expect(config.serverMetadata()).toMatchObject({
    issuer: BASE_URL,
    authorization_endpoint: `${BASE_URL}/oauth/authorize`,
    token_endpoint: `${BASE_URL}/api/auth/token`,
    userinfo_endpoint: `${BASE_URL}/oauth/userinfo`,
    jwks_uri: `${BASE_URL}/.well-known/jwks.json`,
    revocation_endpoint: `${BASE_URL}/api/auth/revoke`,
    end_session_endpoint: `${BASE_URL}/oauth/end-session`,
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token']),
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']),
    authorization_response_iss_parameter_supported: true,
  });
});

test('an app signs a user in: sign-in, consent, code exchange, ID token, userinfo, refresh, reuse, revocation and logout', async ({ page }) => {
  const rp = await newApp('Notes');
  const email = await newAccount(page, 'app-user');

  // Signed out: Latchkey's own sign-in page first, with the email the app hinted.
  await page.goto(await rp.authorizationUrl({ scope: 'openid email offline_access', login_hint: email }));
  await expect(page).toHaveURL(/\/login\?next=%2Foauth%2Fauthorize/);
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await page.getByLabel('Password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Notes asks to:' }).getByRole('listitem')).toHaveText([
    'Sign you in with your Latchkey account',
    'See your email address and whether it is verified',
    'Keep access while you are away, until you revoke it',
  ]);
  await allowApp(page, rp, 'Notes');

  const tokens = await rp.finishSignIn();
  const claims = tokens.claims()!;
  expect(decodeJwtPart(splitJwt(tokens.id_token!).header)).toMatchObject({ alg: 'ES256' });
  expect(claims).toMatchObject({ iss: BASE_URL, aud: rp.app.clientId, email, email_verified: false, amr: ['pwd'] });
  expect(Math.abs(Number(claims.auth_time) - Date.now() / 1000)).toBeLessThan(120);
  expect(tokens.scope).toBe('openid email offline_access');
  expect(await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub)).toEqual({ sub: claims.sub, email, email_verified: false });
  // OpenID Connect Core 5.3.1: by POST too, as a program sends it (no Origin, no cookies).
  const posted = await fetch(`${BASE_URL}/oauth/userinfo`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(await posted.json()).toEqual({ sub: claims.sub, email, email_verified: false });

  // offline_access: the refresh token rotates; the old one used again ends the grant.
  const refreshed = await rp.refresh(tokens.refresh_token!);
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  // OpenID Connect Core 12.2: a refreshed ID token tells of the same sign-in.
  expect(refreshed.claims()).toMatchObject({ sub: claims.sub, auth_time: claims.auth_time, amr: ['pwd'] });
  await expect(rp.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(rp.refresh(refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(oidc.fetchUserInfo(rp.config, refreshed.access_token, claims.sub)).rejects.toThrow();

  // Signing in again: the consent is remembered, the browser goes straight back with a code.
  await page.goto(await rp.authorizationUrl({ scope: 'openid email offline_access' }));
  await arriveAtApp(page, rp);
  const again = await rp.finishSignIn();
  expect(again.claims()?.sub).toBe(claims.sub);

  // RFC 7009 revocation by the app: its refresh token stops working.
  await oidc.tokenRevocation(rp.config, again.refresh_token!);
  await expect(rp.refresh(again.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

  // RP-initiated logout: back at the registered URI with the state, signed out of Latchkey.
  await page.goto(oidc.buildEndSessionUrl(rp.config, { id_token_hint: again.id_token!, post_logout_redirect_uri: rp.postLogoutUri, state: 'bye' }).href);
  await page.waitForURL((url) => url.origin === rp.landing.origin);
  expect(rp.landing.last('/signed-out').searchParams.get('state')).toBe('bye');
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test('prompt=none answers at once: login_required signed out, consent_required before consent, a code after; prompt=consent and a new scope ask again', async ({ page }) => {
  const rp = await newApp('Silent');
  const email = await newAccount(page, 'app-silent');
  await page.goto(await rp.authorizationUrl({ prompt: 'none' }));
  await arriveAtApp(page, rp);
  expect(rp.callbackError()).toMatchObject({ error: 'login_required', iss: BASE_URL });

  await page.goto('/login');
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  await page.goto(await rp.authorizationUrl({ prompt: 'none' }));
  await arriveAtApp(page, rp);
  expect(rp.callbackError()).toMatchObject({ error: 'consent_required' });

  await page.goto(await rp.authorizationUrl());
  await allowApp(page, rp, 'Silent');
  await rp.finishSignIn();
  await page.goto(await rp.authorizationUrl({ prompt: 'none' }));
  await arriveAtApp(page, rp);
  const tokens = await rp.finishSignIn();
  expect(tokens.claims()?.email).toBe(email);
  // The profile scope: the account's language and when it last changed.
  const userinfo = await oidc.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub);
  expect(userinfo).toMatchObject({ email, locale: 'en', updated_at: expect.any(Number) });

  // prompt=consent asks again although the consent is remembered.
  await page.goto(await rp.authorizationUrl({ prompt: 'consent' }));
  await allowApp(page, rp, 'Silent');
  expect((await rp.finishSignIn()).claims()?.email).toBe(email);

  // A scope not allowed yet: prompt=none cannot ask, and the consent screen marks it as new.
  const more = { scope: 'openid email offline_access' };
  await page.goto(await rp.authorizationUrl({ ...more, prompt: 'none' }));
  await arriveAtApp(page, rp);
  expect(rp.callbackError()).toMatchObject({ error: 'consent_required' });
  await page.goto(await rp.authorizationUrl(more));
  await expect(page.getByRole('list', { name: 'Silent asks to:' }).getByRole('listitem')).toHaveText([
    'Sign you in with your Latchkey account',
    'See your email address and whether it is verified',
    'Keep access while you are away, until you revoke it (new)',
  ]);
  await allowApp(page, rp, 'Silent');
  expect((await rp.finishSignIn()).refresh_token).toBeDefined();
});

test('max_age and prompt=login make the user sign in again; the new auth_time is in the ID token', async ({ page }) => {
  const rp = await newApp('Bank');
  const email = await newAccount(page, 'app-again');
  await page.goto(await rp.authorizationUrl());
  await submitSignIn(page, email, GOOD_PASSWORD);
  await allowApp(page, rp, 'Bank');
  const first = (await rp.finishSignIn()).claims()!;

  // A sign-in younger than max_age is enough: straight back, and openid-client accepts its auth_time.
  await page.goto(await rp.authorizationUrl({ max_age: '600' }));
  await arriveAtApp(page, rp);
  expect((await rp.finishSignIn()).claims()?.auth_time).toBe(first.auth_time);

  // Too old for max_age with prompt=none: nothing to show, so login_required (OpenID Connect Core 3.1.2.6).
  await page.waitForTimeout(2100);
  await page.goto(await rp.authorizationUrl({ prompt: 'none', max_age: '1' }));
  await arriveAtApp(page, rp);
  expect(rp.callbackError()).toMatchObject({ error: 'login_required', iss: BASE_URL });

  // Each round waits past the last sign-in, so max_age=1 finds it too old and auth_time moves on.
  let authTime = Number(first.auth_time);
  for (const params of [{ max_age: '1' }, { max_age: '0' }, { prompt: 'login' }] as Record<string, string>[]) {
    await page.waitForTimeout(2100);
    await page.goto(await rp.authorizationUrl(params));
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in again to continue to Bank' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await expect(page).toHaveURL(/\/login\?next=/);
    await submitSignIn(page, email, GOOD_PASSWORD);
    await arriveAtApp(page, rp);
    const claims = (await rp.finishSignIn()).claims()!;
    expect(Number(claims.auth_time)).toBeGreaterThan(authTime);
    authTime = Number(claims.auth_time);
  }
});

test('Deny sends access_denied with the state; nothing is remembered', async ({ page }) => {
  const rp = await newApp('Nosy');
  const email = await newAccount(page, 'app-deny');
  // A state is the app's own: given back exactly, whatever its characters.
  const state = 'keep me & this=too/ü';
  await page.goto(await rp.authorizationUrl({ state }));
  await submitSignIn(page, email, GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Deny' }).click();
  await arriveAtApp(page, rp);
  expect(rp.callbackError()).toMatchObject({ error: 'access_denied', state, iss: BASE_URL });
  await page.goto('/settings/apps');
  await expect(page.getByText('No app has access to your account.')).toBeVisible();
});

test('a sign-out request without the ID token asks first; Stay signed in keeps the session, Sign out ends it and goes back to the app', async ({ page }) => {
  const rp = await newApp('Wiki');
  const email = await newAccount(page, 'app-logout');
  await page.goto(await rp.authorizationUrl());
  await submitSignIn(page, email, GOOD_PASSWORD);
  await allowApp(page, rp, 'Wiki');
  await rp.finishSignIn();
  // RP-Initiated Logout 1.0 section 6: anyone can link here; without a valid id_token_hint it asks.
  const request = (postLogoutUri: string) =>
    oidc.buildEndSessionUrl(rp.config, { client_id: rp.app.clientId, post_logout_redirect_uri: postLogoutUri, state: 'later' }).href;

  await page.goto(request(`${rp.landing.origin}/elsewhere`));
  await expect(page.getByText('The app asked to send you back to an address it has not registered')).toBeVisible();

  const question = page.getByRole('region', { name: 'Sign out of Latchkey?' });
  await page.goto(request(rp.postLogoutUri));
  await expect(question.getByText(`Wiki asked to sign you out. You are signed in as ${email}.`)).toBeVisible();
  await question.getByRole('link', { name: 'Stay signed in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(rp.landing.visits.map((url) => url.pathname)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^\/(elsewhere|signed-out)$/)]));

  await page.goto(request(rp.postLogoutUri));
  await question.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin === rp.landing.origin);
  expect(rp.landing.last('/signed-out').searchParams.get('state')).toBe('later');
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test('an id_token_hint of someone other than the signed-in user does not sign them out: Latchkey asks', async ({ page, newDevice }) => {
  const rp = await newApp('Board');
  // Someone else signs in to the app on their own device: the app holds their ID token.
  const other = await newDevice();
  const otherEmail = await newAccount(other.page, 'app-hint-other');
  await other.page.goto(await rp.authorizationUrl());
  await submitSignIn(other.page, otherEmail, GOOD_PASSWORD);
  await allowApp(other.page, rp, 'Board');
  const theirs = await rp.finishSignIn();

  const email = uniqueEmail('app-hint');
  await signUp(page, email);
  await page.goto(oidc.buildEndSessionUrl(rp.config, { id_token_hint: theirs.id_token!, post_logout_redirect_uri: rp.postLogoutUri, state: 'x' }).href);
  const question = page.getByRole('region', { name: 'Sign out of Latchkey?' });
  await expect(question.getByText(`Board asked to sign you out. You are signed in as ${email}.`)).toBeVisible();
  await page.goto('/dashboard');
  await expect(page.getByTestId('user-email')).toHaveText(email);
});

test('Settings → Apps lists the app; Revoke access ends its tokens, shows in the activity and asks for consent again', async ({ page }) => {
  const rp = await newApp('Calendar');
  const email = await newAccount(page, 'app-revoke');
  await page.goto(await rp.authorizationUrl({ scope: 'openid email offline_access' }));
  await submitSignIn(page, email, GOOD_PASSWORD);
  await allowApp(page, rp, 'Calendar');
  const tokens = await rp.finishSignIn();

  await page.goto('/settings/apps');
  const entry = page.getByRole('list', { name: 'Apps with access' }).getByRole('listitem');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('Calendar');
  await entry.getByRole('button', { name: 'Revoke access of Calendar' }).click();
  await expect(page.getByText('No app has access to your account.')).toBeVisible();
  await expect(rp.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(oidc.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub)).rejects.toThrow();
  // Both the consent and its revocation are in the user's activity, newest first.
  await page.goto('/settings/activity');
  await expect(page.getByTestId('event').nth(0)).toContainText('Revoked the access of “Calendar”');
  await expect(page.getByTestId('event').nth(1)).toContainText('Allowed “Calendar” access');

  await page.goto(await rp.authorizationUrl());
  await expect(page.getByRole('button', { name: 'Allow' })).toBeVisible();
});

test('Sign out everywhere ends the apps’ grants too, and Settings → Sessions never lists a grant as a device', async ({ page }) => {
  const rp = await newApp('Mail');
  const email = await newAccount(page, 'app-everywhere');
  await page.goto(await rp.authorizationUrl({ scope: 'openid email offline_access' }));
  await submitSignIn(page, email, GOOD_PASSWORD);
  await allowApp(page, rp, 'Mail');
  const tokens = await rp.finishSignIn();

  await page.goto('/settings/sessions');
  await expect(page.getByTestId('session')).toHaveCount(1);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/login$/);
  // As docs/oidc-provider.md says: signing out everywhere ends the apps' grants too.
  await expect(rp.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});

test('a two-factor account: the ID token says how (amr pwd, otp, mfa)', async ({ page }) => {
  const rp = await newApp('Vault');
  const email = uniqueEmail('app-mfa');
  await signUp(page, email);
  const { secret } = await turnOn(page);
  await signOut(page);
  await page.goto(await rp.authorizationUrl());
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify\?next=/, { timeout: 15_000 });
  await submitCode(page, codeFor(secret, 1));
  await allowApp(page, rp, 'Vault');
  expect((await rp.finishSignIn()).claims()?.amr).toEqual(['pwd', 'otp', 'mfa']);
});

test('someone new signs up from a public app’s sign-in, lands back at the consent screen, and the app’s refresh token rotates', async ({ page }) => {
  const rp = await newApp('Forum', ['--public', ...ALL_SCOPES]);
  await page.goto(await rp.authorizationUrl({ scope: 'openid email offline_access' }));
  await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/signup\?next=%2Foauth%2Fauthorize/);
  const email = uniqueEmail('app-new');
  await submitSignUp(page, { email, password: GOOD_PASSWORD });
  await allowApp(page, rp, 'Forum');
  // A public app: PKCE alone, no secret; its refresh token rotates like a confidential app's.
  const tokens = await rp.finishSignIn();
  expect(tokens.claims()?.email).toBe(email);
  const refreshed = await rp.refresh(tokens.refresh_token!);
  await expect(rp.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(rp.refresh(refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});

test('an unknown app or an unregistered redirect URI gets Latchkey’s error page and is never redirected to', async ({ page }) => {
  const landing = await Landing.start();
  try {
    const app = await registerApp(DATA_DIR, ['--name', 'Strict', '--redirect-uri', `${landing.origin}/callback`]);
    const request = (clientId: string, redirectUri: string) =>
      `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;
    await page.goto(request('not-registered', `${landing.origin}/callback`));
    await expect(page.getByRole('heading', { level: 1, name: 'This sign-in request cannot be used' })).toBeVisible();
    await expect(page.getByText('The app that sent you here is not registered')).toBeVisible();
    await page.goto(request(app.clientId, `${landing.origin}/elsewhere`));
    await expect(page.getByText('The app asked to send you back to an address it has not registered')).toBeVisible();
    expect(landing.visits).toEqual([]);
  } finally {
    await landing.close();
  }
});

// OpenID Connect Core 3.1.2.1 and RP-Initiated Logout 1.0 section 2: the provider takes POST as
// well as GET at these endpoints, from the app's own origin (lib/request/guard.ts lets an urlencoded
// form through to them, never a Server Action).
test('an app posts its sign-in request as a form (OpenID Connect Core 3.1.2.1)', async ({ page }) => {
  const rp = await newApp('Poster');
  const signIn = new URL(await rp.authorizationUrl({ prompt: 'none' }));
  const answer = await postFromApp(page, rp, `${BASE_URL}/oauth/authorize`, signIn.searchParams);
  expect(answer.status()).toBeLessThan(400);
  await arriveAtApp(page, rp);
  expect(rp.callbackError()).toMatchObject({ error: 'login_required', iss: BASE_URL });
});

test('an app posts its sign-out request as a form (RP-Initiated Logout 1.0 section 2)', async ({ page }) => {
  const rp = await newApp('Poster');
  const signOut = new URLSearchParams({ client_id: rp.app.clientId, post_logout_redirect_uri: rp.postLogoutUri, state: 'posted' });
  const answer = await postFromApp(page, rp, `${BASE_URL}/oauth/end-session`, signOut);
  expect(answer.status()).toBeLessThan(400);
  await arriveAtApp(page, rp);
  expect(rp.landing.last('/signed-out').searchParams.get('state')).toBe('posted');
});
