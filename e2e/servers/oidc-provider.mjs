import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

// A real OpenID Connect provider for the provider sign-in journeys (*.providers.spec.ts): panva's
// certified `oidc-provider` on loopback, with its built-in development pages (a login form that
// takes any login and password, then a consent page with `Continue` and a `[ Cancel ]` link that
// answers error=access_denied). Everything lives in memory and is gone when it stops.
// Usage: node e2e/servers/oidc-provider.mjs <port> <Latchkey's callback URL> <client secret>
//
// On Node 20 it prints an "Unsupported runtime" warning, and warnings for its development-only
// defaults (dev interactions, dev signing keys): expected here, and harmless.

const [port, callback, secret] = process.argv.slice(2);
if (!port || !callback || !secret) {
  console.error('usage: node e2e/servers/oidc-provider.mjs <port> <callback URL> <client secret>');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

/**
 * Whoever signs in is the login they typed: it is both their subject and their email. The email
 * is verified unless the login starts with `unverified.` (unverified.bob@example.com), so the
 * journeys can play a provider that vouches for an address and one that does not.
 */
function findAccount(_ctx, id) {
  return {
    accountId: id,
    claims: () => ({ sub: id, email: id, email_verified: !id.startsWith('unverified.') }),
  };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'latchkey-e2e',
      client_secret: secret,
      redirect_uris: [callback],
      post_logout_redirect_uris: [],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  // PKCE for every client, not only public ones; oidc-provider 9 knows S256 only.
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The email claims in the ID token too, as Google and Keycloak send them; by default
  // oidc-provider keeps them for the userinfo endpoint only when an access token is issued.
  conformIdTokenClaims: false,
  findAccount,
  // Keys for its own cookies, fresh at each start (none is stored).
  cookies: { keys: [randomBytes(32).toString('base64url')] },
});

const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider on ${issuer} (client latchkey-e2e, redirect_uri ${callback})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
