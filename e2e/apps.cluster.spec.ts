import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { expect } from '@playwright/test';
import { DEMO_ADMIN, DEMO_PASSWORD, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { registerAppInConsole } from './helpers/admin';
import { Landing, RelyingParty, allowApp } from './helpers/apps';
import { test } from './helpers/devices';
import { CLUSTER_A_URL, CLUSTER_B_URL } from './helpers/server-addresses';

// An app in front of two Latchkey servers over one database (e2e/servers/postgres-cluster.mjs), as
// behind a load balancer: the browser's requests go to A, the app's back-channel requests to B.
// Both servers have the same ID_TOKEN_PRIVATE_KEYS (playwright.config.ts), as docs/oidc-provider.md
// asks of several servers: what B signs, A's key set verifies and A's userinfo endpoint accepts.

test('a code issued by A is exchanged at B; B’s ID token verifies with A’s key set and B’s access token works at A', async ({ page: admin, newDevice }) => {
  test.setTimeout(90_000);
  const landing = await Landing.start();
  try {
    await signIn(admin, DEMO_ADMIN, DEMO_PASSWORD);
    const { clientId, secret } = await registerAppInConsole(admin, 'Shared', `${landing.origin}/callback`);
    const rp = await RelyingParty.open(CLUSTER_A_URL, { clientId, clientSecret: secret }, landing);

    const user = await newDevice();
    const email = uniqueEmail('app-cluster');
    await signUp(user.page, email);
    await user.page.goto(await rp.authorizationUrl({ scope: 'openid email' }));
    await allowApp(user.page, rp, 'Shared');
    const tokens = await rp.finishSignIn(rp.behind(CLUSTER_B_URL));
    const sub = tokens.claims()!.sub;

    const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${CLUSTER_A_URL}/.well-known/jwks.json`)), {
      issuer: CLUSTER_A_URL,
      audience: clientId,
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({ sub, email });
    expect(await oidc.fetchUserInfo(rp.config, tokens.access_token, sub)).toMatchObject({ sub, email });
  } finally {
    await landing.close();
  }
});
