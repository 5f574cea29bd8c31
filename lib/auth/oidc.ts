import 'server-only';
import * as oidc from 'openid-client';
import { type ProviderConfig, getConfig } from '../config';
import type { ProviderFlow } from './provider-flow';

// The relying party, through openid-client: the provider's metadata by discovery (cached per
// process), the authorization URL of a flow, and the code exchanged at the callback with every
// check the specification asks for (state, PKCE, and the ID token's issuer, audience, expiry and
// nonce). The ID token comes straight from the provider's token endpoint, so, as OpenID Connect
// Core 1.0 section 3.1.3.7 allows, its signature is not checked against the provider's JWKS: the
// connection to the provider vouches for it (openid-client's default). GitHub speaks plain OAuth 2.0: its
// endpoints are known, there is no ID token, and who signed in comes from its REST API.

/** Who the provider says signed in. */
export type ProviderIdentity = { provider: string; issuer: string; subject: string; email: string | null; emailVerified: boolean };

const SCOPE = 'openid email profile';
// The user's id and their email addresses with which are verified and primary.
const GITHUB_SCOPE = 'read:user user:email';
const configurations = new Map<string, Promise<oidc.Configuration>>();

export function findProvider(id: string): ProviderConfig | null {
  return getConfig().providers.find((provider) => provider.id === id) ?? null;
}

/** The callback URL to register with the provider. */
export function callbackUrl(provider: ProviderConfig): string {
  return `${getConfig().appUrl}/auth/callback/${provider.id}`;
}

/** Where to send the browser to sign in at the provider. */
export async function authorizationUrl(provider: ProviderConfig, flow: ProviderFlow): Promise<URL> {
  return oidc.buildAuthorizationUrl(await configurationOf(provider), {
    redirect_uri: callbackUrl(provider),
    scope: provider.kind === 'github' ? GITHUB_SCOPE : SCOPE,
    state: flow.st,
    ...(provider.kind === 'oidc' ? { nonce: flow.nn } : {}),
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.cv),
    code_challenge_method: 'S256',
  });
}

/**
 * The identity behind the provider's answer at the callback (`callback`: the URL it sent the
 * browser to). Throws openid-client's errors for anything that does not check out.
 */
export async function exchangeCode(provider: ProviderConfig, flow: ProviderFlow, callback: URL): Promise<ProviderIdentity> {
  if (provider.kind === 'github') return exchangeGitHubCode(provider, flow, callback);
  const configuration = await configurationOf(provider);
  const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
    pkceCodeVerifier: flow.cv,
    expectedState: flow.st,
    expectedNonce: flow.nn,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('exchangeCode: the provider returned no ID token');
  // A provider may keep the email for its userinfo endpoint (the specification's default), asked
  // with the access token for the same subject.
  const profile = typeof claims.email === 'string' ? claims : await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
  return {
    provider: provider.id,
    issuer: claims.iss,
    subject: claims.sub,
    email: typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : null,
    // Only an explicit `true` counts: a provider that says nothing has not verified anything.
    emailVerified: profile.email_verified === true,
  };
}

type GitHubProvider = Extract<ProviderConfig, { kind: 'github' }>;
type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/** GitHub's user (its numeric id is the subject) and its primary email, if GitHub has verified it. */
async function exchangeGitHubCode(provider: GitHubProvider, flow: ProviderFlow, callback: URL): Promise<ProviderIdentity> {
  const tokens = await oidc.authorizationCodeGrant(await configurationOf(provider), callback, {
    pkceCodeVerifier: flow.cv,
    expectedState: flow.st,
    idTokenExpected: false,
  });
  const user = (await gitHubApi(provider, '/user', tokens.access_token)) as { id?: unknown };
  if (typeof user.id !== 'number') throw new Error('exchangeGitHubCode: GitHub returned no user id');
  const emails = (await gitHubApi(provider, '/user/emails', tokens.access_token)) as GitHubEmail[];
  const primary = Array.isArray(emails) ? emails.find((entry) => entry.primary && entry.verified) : undefined;
  return { provider: provider.id, issuer: provider.issuer, subject: String(user.id), email: primary?.email.trim().toLowerCase() ?? null, emailVerified: primary !== undefined };
}

async function gitHubApi(provider: GitHubProvider, path: string, accessToken: string): Promise<unknown> {
  const response = await fetch(`${provider.apiUrl}${path}`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/vnd.github+json', 'User-Agent': 'Latchkey' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GitHub ${path} answered ${response.status}`);
  return response.json();
}

function configurationOf(provider: ProviderConfig): Promise<oidc.Configuration> {
  let configuration = configurations.get(provider.id);
  if (!configuration) {
    const issuer = new URL(provider.issuer);
    // lib/config.ts accepts http:// only on loopback (a provider in a test, or beside a trial).
    const insecure = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
    configuration =
      provider.kind === 'github'
        ? Promise.resolve(gitHubConfiguration(provider, insecure !== undefined))
        : oidc.discovery(issuer, provider.clientId, undefined, oidc.ClientSecretBasic(provider.clientSecret), insecure);
    // A failed discovery (the provider was down) is tried again at the next sign-in.
    configuration.catch(() => configurations.delete(provider.id));
    configurations.set(provider.id, configuration);
  }
  return configuration;
}

/** GitHub publishes no discovery document: its two endpoints, as documented. */
function gitHubConfiguration(provider: GitHubProvider, insecure: boolean): oidc.Configuration {
  const configuration = new oidc.Configuration(
    { issuer: provider.issuer, authorization_endpoint: `${provider.issuer}/login/oauth/authorize`, token_endpoint: `${provider.issuer}/login/oauth/access_token` },
    provider.clientId,
    undefined,
    oidc.ClientSecretPost(provider.clientSecret),
  );
  if (insecure) oidc.allowInsecureRequests(configuration);
  return configuration;
}
