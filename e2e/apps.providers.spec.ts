import { expect, test } from '@playwright/test';
import { uniqueEmail } from './helpers/accounts';
import { RelyingParty, allowApp } from './helpers/apps';
import { PROVIDERS_URL } from './helpers/server-addresses';
import { IDP, signInAtIdp } from './helpers/test-idp';

// Signing in to an app through another provider: the app sends the user to Latchkey, who signs in
// with Test IdP (a real OpenID Connect provider, e2e/servers/oidc-provider.mjs) and comes back to
// the consent screen. The app's ID token says the sign-in was federated.

test('a sign-in with Test IdP on the way to an app: back at the consent screen, and the ID token’s amr is fed', async ({ page }) => {
  // An app registration is a Node process (tsx), several seconds on a busy 2-core machine.
  test.setTimeout(90_000);
  const rp = await RelyingParty.start(PROVIDERS_URL, '.data-e2e-providers', 'Atlas');
  try {
    const email = uniqueEmail('app-fed');
    await page.goto(await rp.authorizationUrl());
    await page.getByRole('button', { name: `Continue with ${IDP}` }).click();
    await signInAtIdp(page, email);
    await allowApp(page, rp, 'Atlas');
    expect((await rp.finishSignIn()).claims()).toMatchObject({ email, email_verified: true, amr: ['fed'] });
  } finally {
    await rp.close();
  }
});
