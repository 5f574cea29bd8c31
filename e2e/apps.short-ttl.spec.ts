import { expect, test } from '@playwright/test';
import { signUp, uniqueEmail } from './helpers/accounts';
import { ALL_SCOPES, RelyingParty, allowApp, arriveAtApp } from './helpers/apps';
import { sessionCookieValues, waitForAccessExpiry } from './helpers/cookies';
import { SHORT_TTL_URL } from './helpers/server-addresses';

// An app beside the server whose access tokens live 5 seconds (ACCESS_TOKEN_TTL=5): the user's
// Latchkey session serves the app's silent sign-in through its transparent refresh.

// An app registration is a Node process (tsx), several seconds on a busy 2-core machine.
test.setTimeout(120_000);

let rp: RelyingParty | undefined;
test.afterAll(async () => {
  await rp?.close();
});

test('with the access cookie expired and only the refresh cookie left, prompt=none still gets a code', async ({ page, context }) => {
  rp = await RelyingParty.start(SHORT_TTL_URL, '.data-e2e-short', 'Ticker', ALL_SCOPES);
  const email = uniqueEmail('app-short');
  await signUp(page, email);
  await page.goto(await rp.authorizationUrl());
  await allowApp(page, rp, 'Ticker');
  const first = await rp.finishSignIn();
  expect(first.expires_in).toBe(5);

  await waitForAccessExpiry(context);
  const before = await sessionCookieValues(context);
  await page.goto(await rp.authorizationUrl({ prompt: 'none' }));
  await arriveAtApp(page, rp);
  expect((await rp.finishSignIn()).claims()).toMatchObject({ sub: first.claims()!.sub, email, auth_time: first.claims()!.auth_time });
  // The refresh cookie was rotated on the way: Latchkey's own session refreshed, not a new sign-in.
  expect((await sessionCookieValues(context)).refresh).not.toBe(before.refresh);
});
