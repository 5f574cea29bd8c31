import { expect } from '@playwright/test';
import { signOut, uniqueEmail } from './helpers/accounts';
import { RelyingParty, allowApp } from './helpers/apps';
import { signUpWithPasskey, test } from './helpers/passkeys';
import { BASE_URL } from './helpers/server-addresses';

// Signing in to an app with a passkey (Chromium's virtual authenticator, with user verification):
// the app's ID token tells how, in RFC 8176's words.

test('a passkey sign-in on the way to an app: the ID token’s amr is hwk and mfa', async ({ page }) => {
  // An app registration is a Node process (tsx), several seconds on a busy 2-core machine.
  test.setTimeout(90_000);
  const rp = await RelyingParty.start(BASE_URL, '.data-e2e', 'Keyring');
  try {
    await signUpWithPasskey(page, uniqueEmail('app-passkey'));
    await signOut(page);
    await page.goto(await rp.authorizationUrl());
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await allowApp(page, rp, 'Keyring');
    expect((await rp.finishSignIn()).claims()?.amr).toEqual(['hwk', 'mfa']);
  } finally {
    await rp.close();
  }
});
