import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { defineConfig, devices } from '@playwright/test';
import {
  BASE_URL,
  HTTPS_UPSTREAM_PORT,
  HTTPS_URL,
  OUTAGE_CONTROL_URL,
  OUTAGE_DATABASE_PROXY_PORT,
  OUTAGE_URL,
  PUBLIC_HOST,
  PUBLIC_PROXY_URL,
  PUBLIC_UPSTREAM_PORT,
  PUBLIC_URL,
  SHORT_TTL_URL,
  THROTTLE_URL,
  VERIFICATION_REQUIRED_URL,
  CLOCK_URL,
  CLOCK_FILE,
  GITHUB_STANDIN_URL,
  OIDC_PROVIDER_URL,
  PROVIDERS_URL,
  CLUSTER_A_URL,
  CLUSTER_B_URL,
  SCRIPTS_DATA_DIR,
  SCRIPTS_URL,
} from './e2e/helpers/server-addresses';
import { METRICS_TOKEN } from './e2e/helpers/metrics';
import { MAIN_SERVER_LOG, SERVER_LOG_DIR } from './e2e/helpers/server-log';

// End-to-end tests drive a real Chromium against the production build (`next build` runs
// first, see the test:e2e script), on a fresh embedded database each run. Besides the main
// server: one whose access tokens live 5 seconds (*.short-ttl.spec.ts), one behind an https
// proxy (*.https.spec.ts) and one on PostgreSQL behind a proxy that can cut the database
// (*.postgres.spec.ts), one with low per-address limits (*.throttle.spec.ts), one with
// REQUIRE_EMAIL_VERIFICATION=1 (@verification-required), one whose clock the tests move
// (*.clock.spec.ts), one on a public https address, which is no local trial (*.public.spec.ts), and
// one that signs in with a real OpenID Connect provider started beside it (*.providers.spec.ts), and
// two over one PostgreSQL database (*.cluster.spec.ts), and one with ES256 keys beside which the
// operator's scripts run (*.scripts.spec.ts).
// See e2e/helpers/server-addresses.ts.

// Both https and PostgreSQL count as production (lib/config.ts), which requires a real secret.
const PRODUCTION_SECRET = randomBytes(32).toString('base64url');

function server(url: string, dataDir: string, env: Record<string, string> = {}, port = new URL(url).port) {
  return {
    command: `rm -rf ${dataDir} && npx next start -p ${port}`,
    url: `${url}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    // Every test browses from 127.0.0.1: the per-address limits would soon refuse them all.
    // Per-email throttling keeps its defaults (e2e/security/throttling.spec.ts).
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      // Latchkey's own shutdown, as under npm start and in the image (lib/shutdown.ts).
      NEXT_MANUAL_SIG_HANDLE: 'true',
      APP_URL: url,
      DATA_DIR: dataDir,
      BCRYPT_COST: '10',
      LOGIN_IP_MAX_ATTEMPTS: '100000',
      SIGNUP_IP_MAX: '100000',
      // Problems only: a line per request from every server would bury the run's report. The main
      // server logs at info, into a file (mainServer).
      LOG_LEVEL: 'warn',
      // An APP_URL on localhost is a local trial (lib/config.ts), so although `next start` runs as
      // production, the demo accounts and the dev outbox, which the mail journeys read, are there.
      ...env,
    },
  };
}

// next start on plain http, with the https proxy in front; APP_URL is the proxy's https origin.
const httpsServers = [
  { ...server(HTTPS_URL, '.data-e2e-https', { JWT_SECRET: PRODUCTION_SECRET }, String(HTTPS_UPSTREAM_PORT)), url: `http://localhost:${HTTPS_UPSTREAM_PORT}/login` },
  {
    command: `node e2e/servers/https-proxy.mjs ${new URL(HTTPS_URL).port} ${HTTPS_UPSTREAM_PORT}`,
    url: `${HTTPS_URL}/login`,
    ignoreHTTPSErrors: true,
    reuseExistingServer: false,
    timeout: 30_000,
  },
];

// A deployment on the embedded database, reachable under a public name over https: the same
// proxy in front, Chromium resolving the name to this machine (the project's launch options).
const publicServers = [
  { ...server(PUBLIC_URL, '.data-e2e-public', { JWT_SECRET: PRODUCTION_SECRET }, String(PUBLIC_UPSTREAM_PORT)), url: `http://localhost:${PUBLIC_UPSTREAM_PORT}/login` },
  {
    command: `node e2e/servers/https-proxy.mjs ${new URL(PUBLIC_URL).port} ${PUBLIC_UPSTREAM_PORT}`,
    url: `${PUBLIC_PROXY_URL}/login`,
    ignoreHTTPSErrors: true,
    reuseExistingServer: false,
    timeout: 30_000,
  },
];

// The outage journeys need a PostgreSQL server, like the PostgreSQL integration tests
// (test/support/postgres.ts): without TEST_DATABASE_URL they are skipped loudly, and under CI
// that is an error.
const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) {
  const message =
    'TEST_DATABASE_URL is not set: the database-outage e2e journeys (*.postgres.spec.ts) are NOT running. ' +
    'Start PostgreSQL and set TEST_DATABASE_URL (see README), or run .ci/run.';
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
}
const outageServers = postgresUrl
  ? [
      {
        ...server(OUTAGE_URL, '.data-e2e-outage', { JWT_SECRET: PRODUCTION_SECRET }),
        command: `node e2e/servers/postgres-outage.mjs ${new URL(OUTAGE_URL).port} ${OUTAGE_DATABASE_PROXY_PORT} ${new URL(OUTAGE_CONTROL_URL).port}`,
        // SIGTERM lets it drop its throwaway database.
        gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
      },
    ]
  : [];

// Two servers over one database, with what a load balancer's servers share: the public address
// (the token issuer), the secret and the key that signs ID tokens (docs/oidc-provider.md, Keys).
// The demo accounts give the journeys an admin.
const CLUSTER_ID_TOKEN_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const clusterServers = postgresUrl
  ? [
      {
        ...server(CLUSTER_A_URL, '.data-e2e-cluster-0', { JWT_SECRET: PRODUCTION_SECRET, SEED_DEMO: '1', ID_TOKEN_PRIVATE_KEYS: CLUSTER_ID_TOKEN_KEY }),
        command: `rm -rf .data-e2e-cluster-* && node e2e/servers/postgres-cluster.mjs ${new URL(CLUSTER_A_URL).port} ${new URL(CLUSTER_B_URL).port}`,
        // B starts after A: ready when B answers.
        url: `${CLUSTER_B_URL}/login`,
        timeout: 180_000,
        gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
      },
    ]
  : [];

// Latchkey signing in with a real OpenID Connect provider (oidc-provider on loopback, with its own
// login and consent pages) as "Test IdP". The client secret is made afresh for each run and given
// to both. Latchkey reads the provider's discovery document at the first sign-in, not at start.
const OIDC_CLIENT_SECRET = randomBytes(24).toString('base64url');
const GITHUB_CLIENT_SECRET = randomBytes(24).toString('base64url');
const providerServers = [
  {
    command: `node e2e/servers/github-standin.mjs ${new URL(GITHUB_STANDIN_URL).port} latchkey-github ${GITHUB_CLIENT_SECRET}`,
    url: `${GITHUB_STANDIN_URL}/login/oauth/authorize?client_id=latchkey-github`,
    reuseExistingServer: false,
    timeout: 30_000,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
  },
  {
    command: `node e2e/servers/oidc-provider.mjs ${new URL(OIDC_PROVIDER_URL).port} ${PROVIDERS_URL}/auth/callback/oidc ${OIDC_CLIENT_SECRET}`,
    url: `${OIDC_PROVIDER_URL}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 30_000,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
  },
  server(PROVIDERS_URL, '.data-e2e-providers', {
    OIDC_ISSUER: OIDC_PROVIDER_URL,
    OIDC_CLIENT_ID: 'latchkey-e2e',
    OIDC_CLIENT_SECRET,
    OIDC_NAME: 'Test IdP',
    GITHUB_CLIENT_ID: 'latchkey-github',
    GITHUB_CLIENT_SECRET,
    GITHUB_URL: GITHUB_STANDIN_URL,
    GITHUB_API_URL: `${GITHUB_STANDIN_URL}/api`,
  }),
];

// The main server, whose metrics e2e/metrics.spec.ts scrapes, logs at info into a file:
// secrets-in-log.server-log.spec.ts reads it once every journey on this server is done. What is
// shown, like the other servers' output, leaves out the trace, debug and info lines.
const mainServer = {
  ...server(BASE_URL, '.data-e2e', { METRICS_TOKEN, LOG_LEVEL: 'info' }),
  command:
    `rm -rf .data-e2e ${SERVER_LOG_DIR} && mkdir ${SERVER_LOG_DIR} && npx next start -p ${new URL(BASE_URL).port} 2>&1 ` +
    `| tee ${MAIN_SERVER_LOG} | grep --line-buffered -v '^{"level":[123]0,'`,
};

const launchOptions = {
  // Playwright cannot download its browsers here: use the system Chromium (see .ci/run).
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};

// The journeys of apps signing in through the main server (the `apps` project below).
const APPS_SPECS = /\/apps(-python|-passkeys)?\.spec\.ts$/;

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  // On CI a test that fails once is run again and, if it passes, reported as flaky by name; one
  // slow moment on a loaded machine must not sink the run. Locally every failure counts.
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // A journey measured at more than about 10 s on a 2-core machine sets its own timeout, about four
  // times that (test.setTimeout, the measurement beside it): a busy machine runs it two or three
  // times slower, and one run past the timeout blocks every landing.
  timeout: 30_000,
  // The whole run: about 6 minutes on a quiet 2-core machine, 8 on a busy one (November 2026). Past
  // this budget it fails and says so, before journeys added one by one push .ci/run past 30 minutes.
  globalTimeout: 20 * 60_000,
  // The list reporter repeats every failure in full at the end, below the servers' logs.
  reporter: 'list',
  use: { trace: 'retain-on-failure', launchOptions },
  projects: [
    {
      name: 'chromium',
      testIgnore: [/\.(short-ttl|https|postgres|throttle|clock|public|providers|cluster|scripts|server-log)\.spec\.ts$/, APPS_SPECS],
      grepInvert: /@verification-required/,
      use: { ...devices['Desktop Chrome'], baseURL: BASE_URL },
    },
    // The accessibility checks and keyboard journeys again, in German (Accept-Language de-DE).
    { name: 'german', testMatch: /\/(accessibility|keyboard)\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: BASE_URL, locale: 'de-DE' } },
    // One worker here and for providers: apps.short-ttl and apps.providers register an app with a
    // script beside these servers (see the apps project below).
    { name: 'short-ttl', testMatch: /\.short-ttl\.spec\.ts$/, workers: 1, use: { ...devices['Desktop Chrome'], baseURL: SHORT_TTL_URL } },
    { name: 'throttle', testMatch: /\.throttle\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: THROTTLE_URL } },
    {
      name: 'verification-required',
      testMatch: /email-verification\.spec\.ts$/,
      grep: /@verification-required/,
      use: { ...devices['Desktop Chrome'], baseURL: VERIFICATION_REQUIRED_URL },
    },
    // One worker: a test that moves the clock must not move it under another one computing codes.
    { name: 'clock', testMatch: /\.clock\.spec\.ts$/, workers: 1, use: { ...devices['Desktop Chrome'], baseURL: CLOCK_URL } },
    { name: 'https', testMatch: /\.https\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: HTTPS_URL, ignoreHTTPSErrors: true } },
    {
      name: 'public',
      testMatch: /\.public\.spec\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: PUBLIC_URL,
        ignoreHTTPSErrors: true,
        launchOptions: { ...launchOptions, args: [...launchOptions.args, `--host-resolver-rules=MAP ${PUBLIC_HOST} 127.0.0.1`] },
      },
    },
    { name: 'providers', testMatch: /\.providers\.spec\.ts$/, workers: 1, use: { ...devices['Desktop Chrome'], baseURL: PROVIDERS_URL } },
    { name: 'scripts', testMatch: /\.scripts\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: SCRIPTS_URL } },
    // Apps signing in through the main server, registered with `npm run clients:create` beside it:
    // after the other journeys there, one at a time. A script holds the embedded database's socket
    // for its whole run, and the server's transactions wait meanwhile (2 s at most, then they
    // fail); in CI a registration among parallel journeys once stalled the server for good.
    { name: 'apps', testMatch: APPS_SPECS, dependencies: ['chromium', 'german'], workers: 1, use: { ...devices['Desktop Chrome'], baseURL: BASE_URL } },
    // After every journey on the main server: its log holds none of the secrets they used.
    { name: 'server-log', testMatch: /\.server-log\.spec\.ts$/, dependencies: ['chromium', 'german', 'apps'], use: { baseURL: BASE_URL } },
    ...(postgresUrl
      ? [
          { name: 'postgres', testMatch: /\.postgres\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: OUTAGE_URL } },
          { name: 'cluster', testMatch: /\.cluster\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: CLUSTER_A_URL } },
        ]
      : []),
  ],
  webServer: [
    mainServer,
    server(SHORT_TTL_URL, '.data-e2e-short', { ACCESS_TOKEN_TTL: '5' }),
    server(THROTTLE_URL, '.data-e2e-throttle', { LOGIN_IP_MAX_ATTEMPTS: '3', SIGNUP_IP_MAX: '2' }),
    server(VERIFICATION_REQUIRED_URL, '.data-e2e-verify', { REQUIRE_EMAIL_VERIFICATION: '1' }),
    server(CLOCK_URL, '.data-e2e-clock', { NODE_OPTIONS: '--import ./e2e/servers/movable-clock.mjs', MOVABLE_CLOCK_FILE: CLOCK_FILE }),
    // Cached session checks last a minute: only the server hearing a script's change explains it at the next page.
    server(SCRIPTS_URL, SCRIPTS_DATA_DIR, { JWT_ALG: 'ES256', SESSION_CACHE_TTL: '60' }),
    ...httpsServers,
    ...publicServers,
    ...providerServers,
    ...outageServers,
    ...clusterServers,
  ],
});
