import { defineConfig, devices } from '@playwright/test';

// End-to-end tests drive a real Chromium against the production build (`next build` runs
// first, see the test:e2e script), on a fresh embedded database each run.

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;
// A second server whose access tokens live 5 seconds, for the transparent-refresh journeys
// (files named *.short-ttl.spec.ts).
export const SHORT_TTL_URL = `http://localhost:${PORT + 1}`;
// A server with REQUIRE_EMAIL_VERIFICATION=1 (tests tagged @verification-required).
export const VERIFICATION_REQUIRED_URL = `http://localhost:${PORT + 2}`;
// A server whose clock the tests can move forward, for expired mail links (*.clock.spec.ts).
export const CLOCK_URL = `http://localhost:${PORT + 3}`;
export const CLOCK_FILE = '.data-e2e-clock/clock-offset';

// `next start` runs as production: the dev outbox, which the mail journeys read, must be asked for.
const OUTBOX = { DEV_OUTBOX: '1' };

function server(url: string, dataDir: string, env: Record<string, string> = {}) {
  return {
    command: `rm -rf ${dataDir} && npx next start -p ${new URL(url).port}`,
    url: `${url}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    // Every test browses from 127.0.0.1: the per-address limits would soon refuse them all.
    // Per-email throttling keeps its defaults (e2e/security/throttling.spec.ts).
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      APP_URL: url,
      DATA_DIR: dataDir,
      BCRYPT_COST: '10',
      LOGIN_IP_MAX_ATTEMPTS: '100000',
      SIGNUP_IP_MAX: '100000',
      ...env,
    },
  };
}
export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      // Playwright cannot download its browsers here: use the system Chromium (see .ci/run).
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /short-ttl|clock/,
      grepInvert: /@verification-required/,
      use: { ...devices['Desktop Chrome'], baseURL: BASE_URL },
    },
    { name: 'short-ttl', testMatch: /short-ttl\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: SHORT_TTL_URL } },
    {
      name: 'verification-required',
      testMatch: /email-verification\.spec\.ts$/,
      grep: /@verification-required/,
      use: { ...devices['Desktop Chrome'], baseURL: VERIFICATION_REQUIRED_URL },
    },
    { name: 'clock', testMatch: /clock\.spec\.ts$/, use: { ...devices['Desktop Chrome'], baseURL: CLOCK_URL } },
  ],
  webServer: [
    server(BASE_URL, '.data-e2e', OUTBOX),
    server(SHORT_TTL_URL, '.data-e2e-short', { ...OUTBOX, ACCESS_TOKEN_TTL: '5' }),
    server(VERIFICATION_REQUIRED_URL, '.data-e2e-verify', { ...OUTBOX, REQUIRE_EMAIL_VERIFICATION: '1' }),
    server(CLOCK_URL, '.data-e2e-clock', { ...OUTBOX, NODE_OPTIONS: '--import ./e2e/movable-clock.mjs', MOVABLE_CLOCK_FILE: CLOCK_FILE }),
  ],
});
