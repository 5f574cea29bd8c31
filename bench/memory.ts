import { randomBytes } from 'node:crypto';
import { type Row, type Timing, MIXED_USER, dashboardTargets, runLibScript, runMixedClient, signIn } from './figures';
import { runLoad } from './load';
import { BENCH_PASSWORD } from './accounts';
import type { Server } from './server';
import { sleep } from './stats';

// Figure 6: resident memory of the server through a long mixed load, with where it goes (read
// from the server's own /api/metrics), beside a bare one-page Next.js app (bench/bare.ts) loaded
// at the same request rate. bench/run.ts starts the servers; this loads and reads them.

/** The bench servers' METRICS_TOKEN: random, as the app refuses weak tokens. */
export const METRICS_TOKEN = randomBytes(32).toString('base64url');

const MB = 2 ** 20;
const SAMPLE_MS = 5000;

/** Where the server's memory is, in MB, from its metrics (prom-client's defaults and the app's gauges). */
type Breakdown = { heapUsed: number; heapTotal: number; codeSpace: number; newSpace: number; external: number; wasm: number; workers: number };
type Reading = { rss: number; breakdown?: Breakdown };

export type MemoryRun = {
  atStart: Reading;
  warm: Reading;
  end: Reading;
  afterStop: number;
  /** The highest RSS read from the end of the warm-up to the end of the load. */
  highest: number;
  samples: number[];
  requestsPerSecond: number;
  failures: number;
  summary: string;
};

/** Sums a metric's series (those with `label`, when given) in Prometheus's text format. */
function metricValue(text: string, name: string, label = ''): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (label && !line.includes(label)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    found = true;
  }
  if (!found) throw new Error(`/api/metrics has no ${name}${label ? ` with ${label}` : ''}`);
  return sum;
}

async function readBreakdown(server: Server): Promise<Breakdown> {
  const response = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (response.status !== 200) throw new Error(`/api/metrics answered ${response.status}: was the server started with METRICS_TOKEN?`);
  const text = await response.text();
  return {
    heapUsed: metricValue(text, 'nodejs_heap_size_used_bytes') / MB,
    heapTotal: metricValue(text, 'nodejs_heap_size_total_bytes') / MB,
    codeSpace: metricValue(text, 'nodejs_heap_space_size_total_bytes', 'space="code"') / MB,
    newSpace: metricValue(text, 'nodejs_heap_space_size_total_bytes', 'space="new"') / MB,
    external: metricValue(text, 'nodejs_external_memory_bytes') / MB,
    wasm: metricValue(text, 'latchkey_embedded_database_memory_bytes') / MB,
    workers: metricValue(text, 'latchkey_password_workers'),
  };
}

/**
 * Runs `load` for `seconds` while reading the server's RSS every 5 s and at the end of the
 * warm-up (the first fifth: JIT, caches filling, pools opening), then once more `settleSeconds`
 * after the load. `read` adds what else is read at start, after warm-up and at the end.
 */
async function watchMemory(
  server: Server,
  { seconds, settleSeconds }: { seconds: number; settleSeconds: number },
  load: () => Promise<{ requests: number; failures: number; summary: string }>,
  read: () => Promise<Breakdown | undefined>,
): Promise<MemoryRun> {
  const reading = async (): Promise<Reading> => ({ rss: server.rssMb(), breakdown: await read() });
  const atStart = await reading();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(server.rssMb()), SAMPLE_MS);
  const warmUp = sleep((seconds / 5) * 1000).then(reading);
  const result = await load();
  clearInterval(sampler);
  const end = await reading();
  const warm = await warmUp;
  await sleep(settleSeconds * 1000);
  const afterStop = server.rssMb();
  // The sampler reads sample i at (i + 1) × 5 s.
  const afterWarmUp = samples.filter((_, index) => (index + 1) * SAMPLE_MS >= (seconds / 5) * 1000);
  return {
    atStart,
    warm,
    end,
    afterStop,
    highest: Math.max(warm.rss, end.rss, ...afterWarmUp),
    samples,
    requestsPerSecond: result.requests / seconds,
    failures: result.failures,
    summary: result.summary,
  };
}

/**
 * Figure 6's load on Latchkey (started with METRICS_TOKEN): bench/client.ts's mixed load (refreshes,
 * the API and the dashboard with each new token, a sign-in now and then) on four refresh chains,
 * with autocannon on the signed-in /dashboard at 100 req/s beside it.
 */
export async function measureAppMemory(server: Server, timing: Timing): Promise<MemoryRun> {
  const { signedIn } = await dashboardTargets(server);
  const chains = await Promise.all([0, 1, 2, 3].map(async () => (await signIn(server, MIXED_USER)).refresh));
  const seconds = timing.memorySeconds;
  const load = async () => {
    const [mixed, pages] = await Promise.all([
      runMixedClient({ url: server.url, seconds, refreshTokens: chains, email: MIXED_USER, password: BENCH_PASSWORD }),
      runLoad({ ...signedIn, connections: 4, rate: 100, seconds }),
    ]);
    const failures = mixed.failures + pages.non2xx + pages.errors;
    return {
      requests: mixed.rotations + mixed.signIns + mixed.pages + pages.total,
      failures,
      summary: `${mixed.rotations} refreshes (each a new access token), ${mixed.signIns} sign-ins, ${mixed.pages + pages.total} page and API requests, ${failures} failures`,
    };
  };
  return watchMemory(server, { seconds, settleSeconds: timing.memorySettleSeconds }, load, () => readBreakdown(server));
}

/** The reference: the bare app's one page under autocannon at `rate` requests/s for as long. */
export function measureBareMemory(server: Server, timing: Timing, rate: number): Promise<MemoryRun> {
  const load = async () => {
    const page = await runLoad({ url: `${server.url}/`, connections: 8, rate, seconds: timing.memorySeconds });
    const failures = page.non2xx + page.errors;
    return { requests: page.total, failures, summary: `${page.total} page requests, ${failures} failures` };
  };
  return watchMemory(server, { seconds: timing.memorySeconds, settleSeconds: timing.memorySettleSeconds }, load, async () => undefined);
}

/** What one password worker thread adds to RSS, measured apart (bench/worker-memory.ts). */
export async function measureWorkerMb(timing: Timing): Promise<number> {
  return (await runLibScript<{ workerMb: number }>('bench/worker-memory.ts', timing)).workerMb;
}

const mb = (value: number) => `${Math.round(value)} MB`;

/**
 * A reading's breakdown in words. V8 counts WebAssembly memory as external (PGlite's 128 MB appear
 * there at once, resident or not), and array buffers too; prom-client has no metric for array
 * buffers alone. The rest is RSS less all that: the code, Node.js's and Next.js's native memory,
 * the allocator's slack (understated by whatever part of the WebAssembly memory is not resident).
 */
function describe({ rss, breakdown: b }: Reading, workerMb: number): string {
  if (!b) return `RSS ${mb(rss)}`;
  const workers = b.workers * workerMb;
  const rest = rss - b.heapTotal - b.external - workers;
  return (
    `V8 heap ${mb(b.heapUsed)} used of ${mb(b.heapTotal)} (code space ${mb(b.codeSpace)}, young generation ${mb(b.newSpace)}); external ${mb(b.external)}, of it the embedded database's WebAssembly memory ${mb(b.wasm)} ` +
    `and array buffers (no metric of their own in prom-client); ${b.workers} password worker thread${b.workers === 1 ? '' : 's'} ≈ ${mb(workers)}; the rest ${mb(rest)}`
  );
}

/** Figure 6's rows for Latchkey on one database; `bare` is the reference measured in the same run. */
export function memoryRows(label: string, run: MemoryRun, limitMb: number, bare: MemoryRun, workerMb: number, timing: Timing): Row[] {
  const seconds = timing.memorySeconds;
  const warmUp = { name: 'after warm-up', value: run.warm.rss };
  const growth = run.end.rss / run.warm.rss;
  const row = (name: string, value: number, rest: Partial<Row> = {}): Row => ({ figure: `6 ${label}`, name, value, unit: 'MB RSS', target: 'info', pass: null, ...rest });
  return [
    row('at start', run.atStart.rss, { note: describe(run.atStart, workerMb) }),
    row(`after warm-up (${Math.round(seconds / 5)} s)`, run.warm.rss, { note: describe(run.warm, workerMb) }),
    row(`highest, from warm-up to the end of ${seconds} s of mixed load`, run.highest, {
      reference: { name: 'bare one-page next start, highest', value: bare.highest },
      ratio: run.highest / bare.highest,
      target: `≤ ${limitMb} MB`,
      pass: run.highest <= limitMb,
      note: `${run.summary}; ${Math.round(run.requestsPerSecond)} requests/s; RSS every 5 s: ${run.samples.map(Math.round).join(' ')}`,
    }),
    row(`after ${seconds} s of mixed load`, run.end.rss, {
      reference: warmUp,
      ratio: growth,
      target: '≤ 1.10 (flat)',
      pass: growth <= 1.1 && run.failures === 0,
      note: describe(run.end, workerMb),
    }),
    row(`${timing.memorySettleSeconds} s after the load stopped`, run.afterStop, {
      reference: { name: 'end of load', value: run.end.rss },
      ratio: run.afterStop / run.end.rss,
      target: '≤ end of load',
      pass: run.afterStop <= run.end.rss * 1.02,
    }),
  ];
}

/** The reference's row, and the cost of one password worker thread. */
export function referenceRows(bare: MemoryRun, workerMb: number, timing: Timing): Row[] {
  return [
    {
      figure: '6 reference',
      name: `bare one-page next start, after ${timing.memorySeconds} s of load`,
      value: bare.end.rss,
      unit: 'MB RSS',
      target: 'info',
      pass: null,
      note:
        `the same next, react and react-dom as the app (bench/bare-app/, one dynamically rendered page); autocannon on its page at ${Math.round(bare.requestsPerSecond)} requests/s, ` +
        `the embedded server's rate in its mixed load; ${bare.summary}; RSS at start ${mb(bare.atStart.rss)}, after warm-up ${mb(bare.warm.rss)}, highest after warm-up ${mb(bare.highest)}, ` +
        `${timing.memorySettleSeconds} s after ${mb(bare.afterStop)}`,
    },
    {
      figure: '6 reference',
      name: 'one password worker thread',
      value: workerMb,
      unit: 'MB RSS',
      target: 'info',
      pass: null,
      note: "RSS of a process of its own before and after its password pool's first hash (bench/worker-memory.ts): each worker is a V8 isolate that the server's heap metrics do not see",
    },
  ];
}
