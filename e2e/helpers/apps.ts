import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Page, expect } from '@playwright/test';
import * as oidc from 'openid-client';
import { runScript } from './scripts';
import { rememberSecret } from './server-log';

// Apps that sign their users in through Latchkey (Latchkey as an OpenID Connect provider), as the
// tests need them: registered with the operator's command (`npm run clients:create`) beside the
// server, and driven by openid-client, a certified relying-party library. Each app's redirect and
// post-logout URIs are a real HTTP server on loopback, so the browser really arrives there.
// Every secret of an app (its client secret, codes, verifiers, tokens) is noted for the log check
// (secrets-in-log.server-log.spec.ts), like a user's password.

export type RegisteredApp = { clientId: string; clientSecret: string | null };

/** clients:create arguments for an app allowed every scope, offline_access included. */
export const ALL_SCOPES = ['--scope', 'openid', '--scope', 'profile', '--scope', 'email', '--scope', 'offline_access'];

/** `npm run clients:create` beside the server holding `dataDir`; its printed client_id and client_secret. */
export async function registerApp(dataDir: string, args: string[]): Promise<RegisteredApp> {
  const run = await runScript('clients:create', args, { env: { DATA_DIR: dataDir, JWT_ALG: 'HS256' } });
  if (run.code !== 0) throw new Error(`clients:create failed: ${run.stderr}`);
  const clientId = /^client_id: (\S+)$/m.exec(run.stdout)?.[1];
  if (!clientId) throw new Error(`clients:create printed no client_id: ${run.stdout}`);
  const clientSecret = /^client_secret: (\S+)$/m.exec(run.stdout)?.[1] ?? null;
  rememberSecret('client secret', clientSecret);
  return { clientId, clientSecret };
}

type Tokens = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

/** Notes the tokens Latchkey gave an app, for the log check. */
function rememberTokens(tokens: Tokens): Tokens {
  rememberSecret('app access token', tokens.access_token);
  rememberSecret('app refresh token', tokens.refresh_token);
  rememberSecret('ID token', tokens.id_token);
  return tokens;
}

/** client_secret_basic for a confidential app, none (PKCE alone) for a public one. */
const clientAuth = (app: RegisteredApp) => (app.clientSecret ? oidc.ClientSecretBasic(app.clientSecret) : oidc.None());

/** A loopback server that answers every request and remembers the URLs it was sent to. */
export class Landing {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
    readonly visits: URL[],
  ) {}

  static async start(): Promise<Landing> {
    const visits: URL[] = [];
    const server = createServer((request, response) => {
      visits.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>The app</title><h1>Back at the app</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new Landing(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, visits);
  }

  /** The last visit to `path`. */
  last(path: string): URL {
    const visit = this.visits.filter((url) => url.pathname === path).at(-1);
    if (!visit) throw new Error(`nothing arrived at ${path}`);
    return new URL(`${visit.pathname}${visit.search}`, this.origin);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** One app: its registration, its landing server and openid-client's view of Latchkey. */
export class RelyingParty {
  private pending?: { verifier: string; state: string; nonce: string; maxAge?: number };

  private constructor(
    readonly app: RegisteredApp,
    readonly landing: Landing,
    readonly config: oidc.Configuration,
  ) {}

  get redirectUri(): string {
    return `${this.landing.origin}/callback`;
  }

  get postLogoutUri(): string {
    return `${this.landing.origin}/signed-out`;
  }

  /** Registers an app with its own landing server and discovers Latchkey at `issuer`. `args` adds to the registration (--public, --scope …). */
  static async start(issuer: string, dataDir: string, name: string, args: string[] = []): Promise<RelyingParty> {
    const landing = await Landing.start();
    const app = await registerApp(dataDir, [
      '--name',
      name,
      '--redirect-uri',
      `${landing.origin}/callback`,
      '--post-logout-redirect-uri',
      `${landing.origin}/signed-out`,
      ...args,
    ]);
    return RelyingParty.open(issuer, app, landing);
  }

  /** An app registered some other way (the admin console) with `landing`'s URIs; discovers Latchkey at `issuer`. */
  static async open(issuer: string, app: RegisteredApp, landing: Landing): Promise<RelyingParty> {
    // Plain http is allowed for Latchkey on loopback only, as the tests run it.
    const config = await oidc.discovery(new URL(issuer), app.clientId, undefined, clientAuth(app), { execute: [oidc.allowInsecureRequests] });
    return new RelyingParty(app, landing, config);
  }

  /** Where the app sends the browser to sign in: PKCE S256, state and nonce, fresh each time. */
  async authorizationUrl(params: Record<string, string> = {}): Promise<string> {
    const verifier = oidc.randomPKCECodeVerifier();
    this.pending = { verifier, state: oidc.randomState(), nonce: oidc.randomNonce(), maxAge: params.max_age ? Number(params.max_age) : undefined };
    return oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: this.pending.state,
      nonce: this.pending.nonce,
      ...params,
    }).href;
  }

  /**
   * The callback's code exchanged, and the ID token checked by openid-client (signature, iss, aud,
   * nonce, max_age); `at` sends the exchange to another server behind the same issuer.
   */
  async finishSignIn(at: oidc.Configuration = this.config): Promise<Tokens> {
    const pending = this.pending;
    if (!pending) throw new Error('no sign-in under way');
    this.pending = undefined;
    const callback = this.landing.last('/callback');
    rememberSecret('authorization code', callback.searchParams.get('code'));
    rememberSecret('code verifier', pending.verifier);
    const tokens = await oidc.authorizationCodeGrant(at, callback, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      ...(pending.maxAge !== undefined ? { maxAge: pending.maxAge } : {}),
    });
    return rememberTokens(tokens);
  }

  /** The refresh_token grant (RFC 6749 section 6) with the app's credentials. */
  async refresh(refreshToken: string): Promise<Tokens> {
    return rememberTokens(await oidc.refreshTokenGrant(this.config, refreshToken));
  }

  /**
   * This app's view of Latchkey with the back-channel endpoints (token, userinfo, key set,
   * revocation) at `origin`: another server behind the same issuer, as a load balancer may pick.
   */
  behind(origin: string): oidc.Configuration {
    // The discovered document as data (serverMetadata() adds helper methods).
    const metadata = JSON.parse(JSON.stringify(this.config.serverMetadata())) as oidc.ServerMetadata;
    const moved = (url: string | undefined) => (url ? new URL(new URL(url).pathname, origin).href : undefined);
    const config = new oidc.Configuration(
      {
        ...metadata,
        token_endpoint: moved(metadata.token_endpoint),
        userinfo_endpoint: moved(metadata.userinfo_endpoint),
        jwks_uri: moved(metadata.jwks_uri),
        revocation_endpoint: moved(metadata.revocation_endpoint),
      },
      this.app.clientId,
      undefined,
      clientAuth(this.app),
    );
    oidc.allowInsecureRequests(config);
    return config;
  }

  /** The error parameters the callback got (RFC 6749 4.1.2.1). */
  callbackError(): Record<string, string> {
    return Object.fromEntries(this.landing.last('/callback').searchParams);
  }

  close(): Promise<void> {
    return this.landing.close();
  }
}

/** Waits until the browser is back at the app (its callback or post-logout URI). */
export async function arriveAtApp(page: Page, rp: RelyingParty): Promise<void> {
  await page.waitForURL((url) => url.origin === rp.landing.origin, { timeout: 20_000 });
}

/** On the consent screen for `app`: `Allow`, and back at the app. */
export async function allowApp(page: Page, rp: RelyingParty, app: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: `Allow ${app} to use your account?` })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Allow' }).click();
  await arriveAtApp(page, rp);
}
