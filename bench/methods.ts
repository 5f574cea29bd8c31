import { randomBytes } from 'node:crypto';
import { BENCH_PASSWORD } from './accounts';
import { PROVIDER_CLIENT_ID, answerAtProvider, startProvider, timeProviderRequests } from './oidc-provider';
import { interleave, median, percentile } from './stats';
import { releaseApp } from './release-app';

// Figure 8, run in a process of its own (bench/run.ts starts it): the server's time for one
// sign-in by each method, through the lib functions the pages and routes call (no HTTP, no
// Next.js request, no cookies written), on the database of DATA_DIR or DATABASE_URL:
// - password: signIn, the password hashed at the production default cost;
// - passkey: the ceremony's two server calls, the options and challenge, then the answer checked
//   and the session started; the software authenticator signs in between, untimed;
// - provider: the callback (completeProviderRoundTrip), with a real OpenID Connect provider on
//   loopback whose answer to the code exchange is part of the wait, and timed on its own.
// Prints one JSON object: per method the samples in ms, with median and p99, and the parts.

const TRIALS = Number(process.env.BENCH_TRIALS ?? 100);
// Untimed rounds first: the password workers start, the provider's discovery document is read,
// the provider's account is made (later rounds sign in to it), the code is optimised.
const WARM_UPS = Number(process.env.BENCH_WARM_UPS ?? 5);
const PROVIDER_PORT = Number(process.env.BENCH_PROVIDER_PORT ?? 3484);

process.env.JWT_SECRET ??= 'e7sClTnK0xQvhCyhxuy3vb1EIMtuyReys4AkkyFMNlk';
// Only an origin here (nothing listens): the passkeys' relying party and the provider's callback.
process.env.APP_URL ??= 'http://localhost:3000';
// The production default cost (12).
delete process.env.BCRYPT_COST;
const CALLBACK = `${new URL(process.env.APP_URL).origin}/auth/callback/oidc`;
const CLIENT_SECRET = randomBytes(24).toString('base64url');
Object.assign(process.env, { OIDC_ISSUER: `http://127.0.0.1:${PROVIDER_PORT}`, OIDC_CLIENT_ID: PROVIDER_CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_NAME: 'Bench IdP' });

const CLIENT = { userAgent: 'bench', ip: null };
const stamp = Date.now();
const PASSWORD_USER = `methods-password-${stamp}@example.com`;
const PROVIDER_LOGIN = `methods-provider-${stamp}@example.com`;

function expectSignedIn(method: string, result: { ok: boolean; error?: string }): void {
  if (!result.ok) throw new Error(`${method} sign-in failed: ${result.error}`);
}

async function main() {
  const provider = await startProvider(PROVIDER_PORT, CALLBACK, CLIENT_SECRET);
  const { signIn } = await import('../lib/accounts/sign-in');
  const { ensureUser } = await import('../lib/accounts/sign-up');
  const { signInWithPasskey, startPasskeySignIn } = await import('../lib/accounts/passkey-sign-in');
  const { completeProviderRoundTrip } = await import('../lib/accounts/provider-sign-in');
  const { authorizationUrl, findProvider } = await import('../lib/auth/oidc');
  const { startProviderFlow } = await import('../lib/auth/provider-flow');
  const { authenticationResponseSchema } = await import('../lib/auth/webauthn');
  const { getConfig } = await import('../lib/config');
  const { SoftwareAuthenticator } = await import('../test/support/authenticator');
  const { answer, userWithPasskeyOnly } = await import('../test/support/passkeys');

  await ensureUser({ email: PASSWORD_USER, password: BENCH_PASSWORD, role: 'USER' });
  const authenticator = new SoftwareAuthenticator();
  await userWithPasskeyOnly(authenticator);
  const oidc = findProvider('oidc');
  if (!oidc) throw new Error('the OIDC_ variables did not make a provider');
  const providerCookies = new Map<string, string>();
  const wait = timeProviderRequests(provider.issuer);
  const parts = { passkeyOptions: [] as number[], passkeyAnswer: [] as number[], providerWait: [] as number[], providerOwn: [] as number[], providerStart: [] as number[] };
  const providerRequests = new Set<string>();

  const measures = {
    password: async () => {
      const began = performance.now();
      const result = await signIn({ email: PASSWORD_USER, password: BENCH_PASSWORD }, CLIENT);
      const ms = performance.now() - began;
      expectSignedIn('password', result);
      return ms;
    },
    passkey: async () => {
      const began = performance.now();
      const { options, token } = await startPasskeySignIn();
      const optionsMs = performance.now() - began;
      const response = answer(authenticator, options);
      const answered = performance.now();
      // As the sign-in page's action takes it: untrusted JSON, parsed first.
      const result = await signInWithPasskey(token, authenticationResponseSchema.parse(response), CLIENT);
      const answerMs = performance.now() - answered;
      expectSignedIn('passkey', result);
      parts.passkeyOptions.push(optionsMs);
      parts.passkeyAnswer.push(answerMs);
      return optionsMs + answerMs;
    },
    provider: async () => {
      // The round trip's start (/auth/start): timed apart, it is not the callback.
      const started = performance.now();
      const { flow, token } = await startProviderFlow(oidc.id, '/dashboard');
      const destination = await authorizationUrl(oidc, flow);
      parts.providerStart.push(performance.now() - started);
      const callback = await answerAtProvider(destination, CALLBACK, PROVIDER_LOGIN, providerCookies);
      wait.ms = 0;
      wait.requests.length = 0;
      const began = performance.now();
      const outcome = await completeProviderRoundTrip(oidc, token, callback, null, CLIENT);
      const ms = performance.now() - began;
      expectSignedIn('provider', outcome.result);
      parts.providerWait.push(wait.ms);
      parts.providerOwn.push(ms - wait.ms);
      wait.requests.forEach((request) => providerRequests.add(request));
      return ms;
    },
  };
  await interleave(WARM_UPS, measures);
  Object.values(parts).forEach((samples) => (samples.length = 0));
  const samples = await interleave(TRIALS, measures);
  const summary = (values: number[]) => ({ median: median(values), p99: percentile(values, 0.99) });
  const all = { ...samples, ...parts };
  const ms = Object.fromEntries(Object.entries(all).map(([name, values]) => [name, summary(values)]));
  const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded';
  process.stdout.write(`${JSON.stringify({ database, trials: TRIALS, warmUps: WARM_UPS, bcryptCost: getConfig().bcryptCost, providerRequests: [...providerRequests], ms, samples: all })}\n`);

  await provider.stop();
  await releaseApp();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
