import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { type LoadResult, type Target, runLoad } from './load';
import { BENCH_ACCOUNTS, BENCH_HASH_COST, BENCH_PASSWORD, BURST_ACCOUNTS } from './accounts';
import type { Server } from './server';
import { interleave, mean, median, sleep } from './stats';

// Each figure of issue 8, measured side by side with its reference (bench/run.ts calls them).

export type Row = {
  figure: string;
  name: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
  /** value / reference (or as the target defines it). */
  ratio?: number;
  target: string;
  pass: boolean | null;
  note?: string;
};

export type Timing = {
  loadSeconds: number;
  trials: number;
  /** Figures 1 and 5 (pages): alternating windows of 2 s per target, after a warm-up. */
  pageWindows: number;
  warmUpSeconds: number;
  /** Figures 4 and 5: each rotateRefreshToken trial is a fresh process, warmed up this long first. */
  rotationWarmUpSeconds: number;
  /** Figure 6: the mixed load's length, and how long after it the server is read once more. */
  memorySeconds: number;
  memorySettleSeconds: number;
  verifyTrialMs: number;
  verifyTrials: number;
  /** Figure 8: sign-ins per method, interleaved one by one. */
  methodTrials: number;
  /** Figure 7: trials of sign-ins and password checks, a quarter of a second each at bcrypt's cost 12. */
  signInTrialMs: number;
};

const ROOT = path.resolve(__dirname, '..');
const [DASHBOARD_USER, BURST_USER, MIXED_USER] = BENCH_ACCOUNTS as [string, string, string];

export async function signIn(server: Server, email: string): Promise<{ access: string; refresh: string }> {
  const response = await fetch(`${server.url}/api/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: email, password: BENCH_PASSWORD }),
  });
  const body = (await response.json()) as { access_token?: string; refresh_token?: string };
  if (!body.access_token || !body.refresh_token) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(body)}`);
  return { access: body.access_token, refresh: body.refresh_token };
}

function ensureClean(result: LoadResult, what: string): LoadResult {
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${what}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result;
}

/** The signed-in dashboard and its unauthenticated twin, checked to render before they are measured. */
export async function dashboardTargets(server: Server) {
  const { access } = await signIn(server, DASHBOARD_USER);
  const cookie = `latchkey_access=${access}`;
  const page = await fetch(`${server.url}/dashboard`, { headers: { cookie }, redirect: 'manual' });
  const dashboard = await page.text();
  if (page.status !== 200 || !dashboard.includes(DASHBOARD_USER)) throw new Error(`/dashboard did not render for the bench user (${page.status})`);
  const twin = await fetch(`${server.url}/bench/dashboard`);
  if (twin.status !== 200) throw new Error(`/bench/dashboard answered ${twin.status}: is this the benchmark's build (bench/twin.ts)?`);
  if (visibleMarkup(await twin.text()) !== visibleMarkup(dashboard)) throw new Error('/bench/dashboard no longer renders the markup of /dashboard: see bench/twin-app/');
  const signedIn = { url: `${server.url}/dashboard`, headers: { cookie } };
  const open = { url: `${server.url}/bench/dashboard` };
  return { signedIn, open };
}

/**
 * A page as a reader gets it, for comparing the twin with /dashboard: without scripts and script
 * links (the route's own chunks and flight data), nonces (new per request), and with every email
 * address (the signed-in user's, the twin's placeholder) the same.
 */
function visibleMarkup(html: string): string {
  return html
    .replace(/<script\b.*?<\/script>|<link\b[^>]*>/gs, '')
    .replace(/ nonce="[^"]*"/g, '')
    // The language switcher's way back names the page's own path.
    .replace(/ name="next" value="[^"]*"/g, '')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, 'email');
}

/**
 * Requests/s of each target, measured in alternating windows of `seconds` (bench/alternate.mjs):
 * returns each target's requests/s over all its windows, and every window's figure.
 */
async function runAlternating(targets: Target[], options: { windows: number; seconds: number; connections: number }): Promise<{ perSecond: number[]; samples: number[][] }> {
  const samples = await runScript<number[][]>([path.join(ROOT, 'bench/alternate.mjs'), inputFile({ targets, ...options })]);
  // Every window lasts as long: the mean of the windows is requests over time.
  return { perSecond: samples.map(mean), samples };
}

/**
 * Page throughput of each target, side by side: a warm-up on each (the server speeds up for a
 * minute or so as V8 optimises), then alternating 2-second windows. Returns requests/s per target
 * and, for the notes, the range of the per-window ratios of the first target to the second.
 */
export async function pageThroughput(targets: [Target, Target], timing: Timing): Promise<{ perSecond: [number, number]; note: string }> {
  await runAlternating(targets, { windows: 1, seconds: timing.warmUpSeconds / 2, connections: 8 });
  const { perSecond, samples } = await runAlternating(targets, { windows: timing.pageWindows, seconds: 2, connections: 8 });
  const ratios = samples[0]!.map((value, window) => value / samples[1]![window]!);
  const note = `${timing.pageWindows} windows of 2 s each after ${timing.warmUpSeconds} s of warm-up; per-window ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}, median ${median(ratios).toFixed(2)}`;
  return { perSecond: [perSecond[0]!, perSecond[1]!], note };
}

/** Figure 1: requests/s of /dashboard signed in vs the same page with no auth. */
export async function figureAuthOverhead(server: Server, label: string, timing: Timing): Promise<Row> {
  const { signedIn, open } = await dashboardTargets(server);
  // A trial of several seconds varies by ±15% on a shared 2-core machine, far more than the 3%
  // sought; many short windows in alternation let that noise fall on both pages alike.
  const { perSecond: [value, reference], note } = await pageThroughput([signedIn, open], timing);
  const ratio = value / reference;
  return {
    figure: `1 ${label}`,
    name: '/dashboard signed in',
    value,
    unit: 'req/s',
    reference: { name: 'same page, no auth (/bench/dashboard)', value: reference },
    ratio,
    target: '≥ 0.97',
    pass: ratio >= 0.97,
    note,
  };
}

/** Runs a bench script under tsx in a process of its own; resolves with the JSON it prints. */
function runScript<T>(args: string[], env: Record<string, string | undefined> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), ...args], {
      cwd: ROOT,
      // Its stdout is the figures' JSON: the library's info lines (audit events) stay out of it.
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${args.at(-1)} exited with ${code}`))));
  });
}

/** Runs a script that imports the app's lib/ (bench/verify.ts, bench/peer.ts) with the in-process trials' timing. */
export function runLibScript<T>(script: string, timing: Timing, env: Record<string, string> = {}): Promise<T> {
  return runScript<T>(['--conditions', 'react-server', path.join(ROOT, script)], {
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'latchkey-bench-verify-')),
    BENCH_TRIAL_MS: String(timing.verifyTrialMs),
    BENCH_SIGN_IN_TRIAL_MS: String(timing.signInTrialMs),
    BENCH_TRIALS: String(timing.verifyTrials),
    DATABASE_URL: '',
    ...env,
  });
}

export async function runVerifyBench(timing: Timing, env: Record<string, string> = {}): Promise<Record<string, number>> {
  return (await runLibScript<{ medians: Record<string, number> }>('bench/verify.ts', timing, env)).medians;
}

/** Figure 2: verify ops/s against jose, the HMAC floor and Auth.js. */
export async function figureVerify(timing: Timing): Promise<Row[]> {
  const m = await runVerifyBench(timing);
  const row = (name: string, value: number, reference: { name: string; value: number }, ratio: number, target: string, pass: boolean | null): Row => ({
    figure: '2',
    name,
    value,
    unit: 'ops/s',
    reference,
    ratio,
    target,
    pass,
  });
  return [
    row('Latchkey verify, repeated token', m.latchkeyRepeated!, { name: 'raw HMAC-SHA256 floor', value: m.hmacFloor! }, m.latchkeyRepeated! / m.hmacFloor!, '≥ 0.5', m.latchkeyRepeated! / m.hmacFloor! >= 0.5),
    row('Latchkey verify, repeated token', m.latchkeyRepeated!, { name: 'Auth.js v5 session decode (JWE)', value: m.authJsDecode! }, m.latchkeyRepeated! / m.authJsDecode!, '≥ 50', m.latchkeyRepeated! / m.authJsDecode! >= 50),
    row('Latchkey verify, fresh token', m.latchkeyFresh!, { name: 'jose jwtVerify (secret bytes)', value: m.jose! }, m.latchkeyFresh! / m.jose!, '≥ 1.0', m.latchkeyFresh! >= m.jose!),
    row('jose jwtVerify, key imported once', m.joseImportedKey!, { name: 'jose jwtVerify (secret bytes)', value: m.jose! }, m.joseImportedKey! / m.jose!, 'info', null),
    row('raw HMAC-SHA256 floor', m.hmacFloor!, { name: 'jose jwtVerify (secret bytes)', value: m.jose! }, m.hmacFloor! / m.jose!, 'info', null),
  ];
}

type MethodTimes = { median: number; p99: number };
type MethodsResult = {
  trials: number;
  warmUps: number;
  bcryptCost: number;
  providerRequests: string[];
  ms: Record<'password' | 'passkey' | 'passkeyOptions' | 'passkeyAnswer' | 'provider' | 'providerWait' | 'providerOwn' | 'providerStart', MethodTimes>;
};

/**
 * Figure 8: the server's time for one sign-in with a passkey, and for a provider's callback, each
 * against the password sign-in, in a process of its own (bench/methods.ts) on a fresh embedded
 * database or the PostgreSQL database `databaseUrl`, with an OpenID Connect provider on loopback
 * at `providerPort`.
 */
export async function figureMethods(timing: Timing, providerPort: number, databaseUrl?: string): Promise<Row[]> {
  const { trials, warmUps, bcryptCost, providerRequests, ms } = await runScript<MethodsResult>(['--conditions', 'react-server', path.join(ROOT, 'bench/methods.ts')], {
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'latchkey-bench-methods-')),
    DATABASE_URL: databaseUrl ?? '',
    BENCH_TRIALS: String(timing.methodTrials),
    BENCH_PROVIDER_PORT: String(providerPort),
  });
  const times = ({ median, p99 }: MethodTimes) => `median ${median.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`;
  const common = `${trials} sign-ins per method, interleaved one by one after ${warmUps} untimed rounds; lib calls as the pages and routes make them, without HTTP, Next.js or cookies; password sign-in (signIn, bcrypt cost ${bcryptCost}) ${times(ms.password)}`;
  const row = (name: string, value: MethodTimes, note: string): Row => ({
    figure: databaseUrl ? '8 PostgreSQL' : '8',
    name,
    value: value.median,
    unit: 'ms',
    reference: { name: `password sign-in (bcrypt cost ${bcryptCost})`, value: ms.password.median },
    ratio: value.median / ms.password.median,
    target: 'info',
    pass: null,
    note: `${times(value)}; ${note}; ${common}`,
  });
  return [
    row(
      'passkey sign-in ceremony, server time',
      ms.passkey,
      `options and challenge (startPasskeySignIn) ${times(ms.passkeyOptions)}, then the answer parsed, checked and the session started (signInWithPasskey) ${times(ms.passkeyAnswer)}; the software authenticator's signing between the two is not counted`,
    ),
    row(
      'provider callback, server time (OpenID Connect)',
      ms.provider,
      `completeProviderRoundTrip for an identity linked already: the flow token and state checked, the code exchanged with PKCE at oidc-provider on loopback (its answer is part of this time: waiting on it ${times(ms.providerWait)}, requests ${providerRequests.join(', ')}), the ID token's claims checked (not its signature: openid-client does not fetch the provider's keys for an ID token from the token endpoint), the account found, the session started; the round trip's start (flow and authorization URL) ${times(ms.providerStart)} is not counted`,
    ),
    row(
      "provider callback, Latchkey's own part (the wait on the provider taken out)",
      ms.providerOwn,
      'per sign-in, the callback less the time from each request to the provider until its answer',
    ),
  ];
}

/**
 * Figure 3: while 8 clients sign in continuously, the p99 of other users' /dashboard against
 * without (target ≤ 2x), and the sign-ins per second against the password-hash floor: every core
 * checking bcrypt at the hash's cost, one check taking what bench/bcrypt-floor.mjs measures in
 * this run (target ≥ 0.90). Sign-ins are counted over the dashboard's window inside each burst.
 */
export async function figureSignInBurst(server: Server, timing: Timing): Promise<Row[]> {
  const { signedIn } = await dashboardTargets(server);
  const steady = { ...signedIn, connections: 2, rate: 40, seconds: timing.loadSeconds };
  const burstTotals = { signIns: 0, busy: 0, inWindows: 0, windowSeconds: 0, serverCpuSeconds: 0 };
  const quiet = async () => ensureClean(await runLoad(steady), 'dashboard (quiet)').p99Ms;
  const burst = async () => {
    const input = { url: `${server.url}/api/auth/token`, accounts: BURST_ACCOUNTS, password: BENCH_PASSWORD, seconds: timing.loadSeconds + 3 };
    const signIns = runScript<{ answers: Record<string, number>; errors: number; signedInAt: number[] }>([path.join(ROOT, 'bench/sign-ins.mjs'), inputFile(input)]);
    await sleep(1500);
    const windowStart = Date.now();
    const cpuBefore = server.cpuMs();
    const p99 = ensureClean(await runLoad(steady), 'dashboard (burst)').p99Ms;
    burstTotals.serverCpuSeconds += (server.cpuMs() - cpuBefore) / 1000;
    const windowEnd = Date.now();
    const { answers, errors, signedInAt } = await signIns;
    // Signed in, or told the password queue is full: anything else is not the burst this measures.
    const { 200: signedIn = 0, 503: busy = 0, ...other } = answers;
    if (errors > 0 || Object.keys(other).length > 0) throw new Error(`sign-in burst: ${JSON.stringify(other)} answers, ${errors} errors`);
    burstTotals.signIns += signedIn;
    burstTotals.busy += busy;
    burstTotals.inWindows += signedInAt.filter((at) => at >= windowStart && at < windowEnd).length;
    burstTotals.windowSeconds += (windowEnd - windowStart) / 1000;
    return p99;
  };
  const floorMs = async () => (await runScript<{ ms: number }>([path.join(ROOT, 'bench/bcrypt-floor.mjs'), String(BENCH_HASH_COST)])).ms;
  const bcryptMs = [await floorMs()];
  const samples = await interleave(timing.trials, { quiet, burst });
  bcryptMs.push(await floorMs());
  const value = median(samples.burst);
  const reference = median(samples.quiet);
  const cores = availableParallelism();
  const floor = (cores * 1000) / mean(bcryptMs);
  const perSecond = burstTotals.inWindows / burstTotals.windowSeconds;
  // Of the server's CPU in the windows, what the bcrypt checks took (each as long as one alone) and the rest.
  const serverCores = burstTotals.serverCpuSeconds / burstTotals.windowSeconds;
  const bcryptCores = (perSecond * mean(bcryptMs)) / 1000;
  const burstNote = `${burstTotals.signIns} sign-ins completed, ${burstTotals.busy} answered busy (503); ${BURST_ACCOUNTS.length} accounts, one client each; dashboard at 40 req/s`;
  return [
    {
      figure: '3',
      name: '/dashboard p99 during a sign-in burst (8 clients)',
      value,
      unit: 'ms',
      reference: { name: 'p99 without the burst', value: reference },
      ratio: value / reference,
      target: '≤ 2.0',
      pass: value / reference <= 2,
      note: burstNote,
    },
    {
      figure: '3',
      name: 'sign-ins per second during the burst',
      value: perSecond,
      unit: 'sign-ins/s',
      reference: { name: `password-hash floor, ${cores} cores × 1 / bcrypt check at cost ${BENCH_HASH_COST}`, value: floor },
      ratio: perSecond / floor,
      target: '≥ 0.90',
      pass: perSecond / floor >= 0.9,
      note:
        `${burstTotals.inWindows} sign-ins answered within the dashboard's ${burstTotals.windowSeconds.toFixed(0)} s of windows; one bcrypt check took ` +
        `${bcryptMs.map((ms) => ms.toFixed(0)).join(' and ')} ms (before and after the trials, alone on a core); the server has the default PASSWORD_WORKERS: one per core, at a lower priority than requests. ` +
        `In the windows the server used ${serverCores.toFixed(2)} of the ${cores} cores: ${bcryptCores.toFixed(2)} for the bcrypt checks, ${(serverCores - bcryptCores).toFixed(2)} for the rest ` +
        `(the pages at 40 req/s, each sign-in's database work, its mail and token); the load generators had the remainder`,
    },
  ];
}

type ClientResult = { rotations: number; failures: number; pages: number; signIns: number; seconds: number; finalTokens: string[] };
// `measured`: the rotations within `seconds`, when a warm-up before them is not counted.
// `cpuMicrosPerRotation`: bench/rotate.ts's own CPU time per measured rotation.
type RotationRun = Pick<ClientResult, 'rotations' | 'failures' | 'seconds' | 'finalTokens'> & { measured?: number; cpuMicrosPerRotation?: number };

function inputFile(input: object): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-bench-')), 'input.json');
  writeFileSync(file, JSON.stringify(input));
  return file;
}

/** Figure 6's mixed load (bench/client.ts). */
export function runMixedClient(input: object): Promise<ClientResult> {
  return runScript<ClientResult>([path.join(ROOT, 'bench/client.ts'), inputFile(input)]);
}

export const ROTATION_CLIENTS = 16;

/** A token request the endpoint refuses before any database work: the refresh token is not one of Latchkey's. */
export const REFUSED_TOKEN_REQUEST = {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=refresh_token&refresh_token=not-a-latchkey-token',
} as const;

/** Sessions whose refresh chains the rotation figure turns. */
export async function rotationSessions(server: Server): Promise<string[]> {
  const tokens: string[] = [];
  for (let index = 0; index < ROTATION_CLIENTS; index++) tokens.push((await signIn(server, BURST_USER)).refresh);
  return tokens;
}

/**
 * One rotation trial over HTTP (bench/rotations.mjs): a fixed number of rotations, about
 * `seconds` at the `expectedPerSecond` rate, so that every request is answered. Returns
 * rotations/s; the chains continue from their final tokens.
 */
export async function rotationTrial(server: Server, chains: string[], seconds: number, expectedPerSecond: number): Promise<{ perSecond: number; result: RotationRun }> {
  const amount = Math.max(chains.length, Math.round(seconds * expectedPerSecond));
  return finishTrial(chains, await runScript<RotationRun>([path.join(ROOT, 'bench/rotations.mjs'), inputFile({ url: server.url, refreshTokens: chains, amount })]));
}

/** The same with rotateRefreshToken called in a process of its own (bench/rotate.ts), no HTTP. */
export async function directRotationTrial(
  databaseUrl: string,
  chains: string[],
  { loadSeconds, rotationWarmUpSeconds }: Timing,
): Promise<{ perSecond: number; result: RotationRun }> {
  const args = ['--conditions', 'react-server', path.join(ROOT, 'bench/rotate.ts'), inputFile(chains)];
  const env = { DATABASE_URL: databaseUrl, BENCH_ROTATE_SECONDS: String(loadSeconds), BENCH_ROTATE_WARM_UP_SECONDS: String(rotationWarmUpSeconds) };
  return finishTrial(chains, await runScript<RotationRun>(args, env));
}

function finishTrial(chains: string[], result: RotationRun): { perSecond: number; result: RotationRun } {
  chains.splice(0, chains.length, ...result.finalTokens);
  return { perSecond: (result.measured ?? result.rotations) / result.seconds, result };
}

export { DASHBOARD_USER, MIXED_USER };
