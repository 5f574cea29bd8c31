import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import {
  type Row,
  type Timing,
  dashboardTargets,
  figureAuthOverhead,
  figureMethods,
  figureSignInBurst,
  figureVerify,
  pageThroughput,
  REFUSED_TOKEN_REQUEST,
  ROTATION_CLIENTS,
  directRotationTrial,
  rotationSessions,
  rotationTrial,
  runVerifyBench,
} from './figures';
import { runLoad } from './load';
import { type MemoryRun, METRICS_TOKEN, measureAppMemory, measureBareMemory, measureWorkerMb, memoryRows, referenceRows } from './memory';
import { figurePeer } from './peer-figures';
import { ensureBareBuild, startBareServer } from './bare';
import { BENCH_SECRET, type Server, startServer } from './server';
import { ensureBenchBuild } from './twin';
import { interleave, mean } from './stats';
import { explainPlans, postgresVersion, verifyRotationCounts, withBenchDatabases } from './postgres';

// npm run bench: every figure of issue 8 against a production build (bench/twin.ts), on the embedded database
// and, with DATABASE_URL set, on PostgreSQL. Writes bench/RESULTS.md; exits 1 if a target is missed.
// npm run bench:smoke: the same harness for a few seconds, writing .data-bench/RESULTS.smoke.md;
// it fails only if the harness itself breaks.

const ROOT = path.resolve(__dirname, '..');
const SMOKE = process.env.BENCH_SMOKE === '1';
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3410);
const DATA = path.join(ROOT, '.data-bench');
const timing: Timing = SMOKE
  ? { loadSeconds: 2, trials: 1, pageWindows: 1, warmUpSeconds: 2, rotationWarmUpSeconds: 1, memorySeconds: 6, memorySettleSeconds: 2, verifyTrialMs: 200, verifyTrials: 1, methodTrials: 5, signInTrialMs: 200 }
  : {
      loadSeconds: Number(process.env.BENCH_LOAD_SECONDS ?? 6),
      trials: Number(process.env.BENCH_TRIALS ?? 5),
      pageWindows: Number(process.env.BENCH_PAGE_WINDOWS ?? 60),
      warmUpSeconds: 30,
      rotationWarmUpSeconds: 5,
      memorySeconds: Number(process.env.BENCH_MEMORY_SECONDS ?? 300),
      memorySettleSeconds: 15,
      verifyTrialMs: 1000,
      verifyTrials: 7,
      methodTrials: 200,
      signInTrialMs: 3000,
    };
const SCALE = { users: SMOKE ? 1000 : 100_000, refreshRows: SMOKE ? 10_000 : 1_000_000 };

const log = (line: string) => console.error(`[bench] ${line}`);
const servers: Server[] = [];
process.on('exit', () => servers.forEach((server) => process.kill(server.pid, 'SIGKILL')));

/** Starts a fresh data folder (or fills a fresh database) with the bench accounts, and at scale more. */
function seed(target: { dataDir: string; databaseUrl?: string }, scale?: typeof SCALE): void {
  rmSync(target.dataDir, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions', 'react-server', path.join(ROOT, 'bench/seed.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      JWT_SECRET: BENCH_SECRET,
      DATA_DIR: target.dataDir,
      DATABASE_URL: target.databaseUrl ?? '',
      BENCH_SEED_USERS: String(scale?.users ?? 0),
      BENCH_SEED_REFRESH_ROWS: String(scale?.refreshRows ?? 0),
    },
  });
}

async function start(name: string, port: number, databaseUrl?: string, env?: Record<string, string>): Promise<Server> {
  const dataDir = path.join(DATA, name);
  seed({ dataDir, databaseUrl });
  const server = await startServer({ port, dataDir, databaseUrl, env });
  servers.push(server);
  log(`${name} server on ${server.url}`);
  return server;
}

async function stop(server: Server): Promise<void> {
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
}

/** Figure 6 on one database: a server of its own, started with METRICS_TOKEN, through the mixed load. */
async function appMemory(name: string, databaseUrl?: string): Promise<MemoryRun> {
  const server = await start(name, BASE_PORT + 3, databaseUrl, { METRICS_TOKEN });
  const run = await measureAppMemory(server, timing);
  await stop(server);
  return run;
}

/** Figure 6's reference: the bare one-page Next.js app at the embedded server's request rate. */
async function bareMemory(rate: number): Promise<MemoryRun> {
  const server = await startBareServer(BASE_PORT + 5);
  servers.push(server);
  log(`bare Next.js server on ${server.url}`);
  const run = await measureBareMemory(server, timing, rate);
  await stop(server);
  return run;
}

type PostgresFigures = { rows: Row[]; plans: string; version: string; memory: MemoryRun };

/**
 * Figures 1, 2 (DB part), 4, 5, 7 and 8 on PostgreSQL: an empty database and a seeded one side by
 * side; and figure 6's run on a database of its own (its rows are made with the reference's).
 */
async function postgresFigures(adminUrl: string): Promise<PostgresFigures> {
  return withBenchDatabases(adminUrl, async ({ emptyUrl, scaledUrl, memoryUrl }) => {
    const version = await postgresVersion(emptyUrl);
    const empty = await start('postgres-empty', BASE_PORT + 1, emptyUrl);
    const rows: Row[] = [await figureAuthOverhead(empty, 'PostgreSQL', timing)];
    log(`seeding ${SCALE.users} users and ${SCALE.refreshRows} refresh tokens…`);
    seed({ dataDir: path.join(DATA, 'postgres-scaled'), databaseUrl: scaledUrl }, SCALE);
    const scaled = await startServer({ port: BASE_PORT + 2, dataDir: path.join(DATA, 'postgres-scaled'), databaseUrl: scaledUrl });
    servers.push(scaled);

    // Figure 4: rotations/s of rotateRefreshToken itself, then of the token endpoint over HTTP
    // beside the server's cheapest route, with the server's CPU time per request of each (where a
    // request's time goes), then the counts: no lost or duplicated sessions.
    const chains = { empty: await rotationSessions(empty), scaled: await rotationSessions(scaled) };
    const rotations = { empty: 0, scaled: 0 };
    let failures = 0;
    const tally = (database: 'empty' | 'scaled', trial: { perSecond: number; result: { rotations: number; failures: number } }) => {
      rotations[database] += trial.result.rotations;
      failures += trial.result.failures;
      return trial.perSecond;
    };
    const cpu = { direct: [] as number[], http: [] as number[], cheapest: [] as number[], refused: [] as number[] };
    const rotation = await interleave(timing.trials, {
      empty: async () => {
        const trial = await directRotationTrial(emptyUrl, chains.empty, timing);
        cpu.direct.push(trial.result.cpuMicrosPerRotation!);
        return tally('empty', trial);
      },
      scaled: async () => tally('scaled', await directRotationTrial(scaledUrl, chains.scaled, timing)),
    });
    // The server's CPU time (every thread) per request over a trial, in µs.
    const serverCpu = async <T>(run: () => Promise<T>, requests: (result: T) => number, into: number[]): Promise<T> => {
      const before = empty.cpuMs();
      const result = await run();
      into.push(((empty.cpuMs() - before) * 1000) / requests(result));
      return result;
    };
    // Over HTTP, after a warm-up (Next.js and the route's code are optimised over the first
    // seconds), beside the server's cheapest route: what no route of this server can beat here.
    const warmRate = tally('empty', await rotationTrial(empty, chains.empty, timing.warmUpSeconds / 2, 300));
    const overHttp = await interleave(timing.trials, {
      rotation: async () => tally('empty', await serverCpu(() => rotationTrial(empty, chains.empty, timing.loadSeconds, warmRate), (trial) => trial.result.rotations, cpu.http)),
      cheapest: async () =>
        (await serverCpu(() => runLoad({ url: `${empty.url}/.well-known/jwks.json`, connections: ROTATION_CLIENTS, seconds: timing.loadSeconds }), (load) => load.total, cpu.cheapest))
          .requestsPerSecond,
      // Where a token request's time goes: the same POST, its body read and parsed, answered with a
      // JSON error before any database work (a refresh token that is not one of Latchkey's).
      refused: async () =>
        (await serverCpu(() => runLoad({ ...REFUSED_TOKEN_REQUEST, url: `${empty.url}/api/auth/token`, connections: ROTATION_CLIENTS, seconds: timing.loadSeconds }), (load) => load.total, cpu.refused))
          .requestsPerSecond,
    });
    if (failures > 0) log(`rotations failed; the server's log ends:\n${empty.log().split('\n').slice(-60).join('\n')}`);
    const counts = await verifyRotationCounts(emptyUrl, chains.empty, rotations.empty);
    const scaledCounts = await verifyRotationCounts(scaledUrl, chains.scaled, rotations.scaled);
    const countsExact = counts.ok && scaledCounts.ok && failures === 0;
    const perSecond = mean(rotation.empty);
    const overHttpRatio = mean(overHttp.rotation) / mean(overHttp.cheapest);
    // The server's CPU time per request (µs), each beside the cheapest route's.
    const cpuUs = { direct: mean(cpu.direct), http: mean(cpu.http), cheapest: mean(cpu.cheapest), refused: mean(cpu.refused) };
    const cpuRow = (name: string, value: number, note: string): Row => ({
      figure: '4',
      name,
      value,
      unit: 'µs',
      reference: { name: 'per request of the cheapest route', value: cpuUs.cheapest },
      ratio: value / cpuUs.cheapest,
      target: 'info',
      pass: null,
      note,
    });
    rows.push(
      {
        figure: '4',
        name: `refresh rotations, rotateRefreshToken on PostgreSQL (${ROTATION_CLIENTS} chains at once)`,
        value: perSecond,
        unit: 'rotations/s',
        target: '≥ 1000, counts exact',
        pass: perSecond >= 1000 && countsExact,
        note: `${failures} failed rotations (a failed chain stops); ${counts.summary}; seeded database: ${scaledCounts.summary}`,
      },
      {
        figure: '4',
        name: `refresh rotations over HTTP, POST /api/auth/token (${ROTATION_CLIENTS} connections)`,
        value: mean(overHttp.rotation),
        unit: 'rotations/s',
        reference: { name: 'the cheapest route, GET /.well-known/jwks.json', value: mean(overHttp.cheapest) },
        ratio: overHttpRatio,
        target: '≥ 0.70, counts exact',
        pass: overHttpRatio >= 0.7 && countsExact,
        note:
          'both loads from autocannon, with as many connections; the cheapest route is a route handler that only returns a constant JSON document: ' +
          'the ceiling of any route of this Next.js server on this machine. The load generator and PostgreSQL share the machine with the server',
      },
      cpuRow(
        'server CPU time per token request over HTTP',
        cpuUs.http,
        `every thread of the server process; of the difference, rotateRefreshToken itself (its one statement through Prisma and pg, the access token signed with jose) ` +
          `took ${Math.round(cpuUs.direct)} µs of CPU per rotation in a process of its own (${Math.round(perSecond)} rotations/s)`,
      ),
      cpuRow(
        'server CPU time per token request refused before the database',
        cpuUs.refused,
        `where a token request's time goes, per request: Next.js's GET route handling and the request log, as the cheapest route, ${Math.round(cpuUs.cheapest)} µs; ` +
          `with a POST body read, parsed and answered with a JSON error (400), ${Math.round(cpuUs.refused)} µs (+${Math.round(cpuUs.refused - cpuUs.cheapest)}); ` +
          `with the rotation's database statement, the new access token signed and the tokens' JSON, ${Math.round(cpuUs.http)} µs (+${Math.round(cpuUs.http - cpuUs.refused)}), ` +
          `which in a process of its own costs ${Math.round(cpuUs.direct)} µs`,
      ),
    );

    // Figure 5: figures 1, 2 and 4 on the seeded database vs the empty one.
    const dashboards = { empty: await dashboardTargets(empty), scaled: await dashboardTargets(scaled) };
    const pages = await pageThroughput([dashboards.scaled.signedIn, dashboards.empty.signedIn], timing);
    const validate = await interleave(Math.max(1, Math.floor(timing.trials / 2)), {
      empty: async () => (await runVerifyBench({ ...timing, verifyTrials: 3 }, { DATABASE_URL: emptyUrl, SESSION_CACHE_TTL: '0', BENCH_ONLY: 'validate' })).validate!,
      scaled: async () => (await runVerifyBench({ ...timing, verifyTrials: 3 }, { DATABASE_URL: scaledUrl, SESSION_CACHE_TTL: '0', BENCH_ONLY: 'validate' })).validate!,
    });
    // Each side's mean over its trials (pages: over its windows), so a slow trial counts as it lasted.
    const scaleRow = (name: string, unit: string, samples: { empty: number[]; scaled: number[] }, note?: string): Row => {
      const value = mean(samples.scaled);
      const reference = mean(samples.empty);
      return { figure: '5', name, value, unit, reference: { name: 'empty database', value: reference }, ratio: value / reference, target: '≥ 0.80', pass: value / reference >= 0.8, note };
    };
    rows.push(
      scaleRow('fig. 1 at scale: /dashboard signed in', 'req/s', { scaled: [pages.perSecond[0]], empty: [pages.perSecond[1]] }, pages.note),
      scaleRow('fig. 2 at scale: session check read from the database (SESSION_CACHE_TTL=0)', 'ops/s', validate),
      scaleRow('fig. 4 at scale: refresh rotations', 'rotations/s', rotation),
    );
    rows.push(...(await figureMethods(timing, BASE_PORT + 4, emptyUrl)));
    const plans = await explainPlans(scaledUrl);
    rows.push({ figure: '5', name: 'query plans use indexes', value: plans.seqScans, unit: 'seq scans', target: '0', pass: plans.seqScans === 0 });
    await stop(scaled);
    await stop(empty);
    // Figure 7: Better Auth's tables and migrations go into the empty database beside Latchkey's.
    rows.push(...(await figurePeer(emptyUrl, timing)));
    log(`figure 6: memory on PostgreSQL (${timing.memorySeconds} s of mixed load)`);
    const memory = await appMemory('postgres-memory', memoryUrl);
    return { rows, plans: plans.text, version, memory };
  });
}

function versionOf(name: string): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

const format = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2));

function report(rows: Row[], extra: { postgres: string | null; plans: string | null; minutes: number }): string {
  const cpu = cpus();
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${SMOKE ? ':smoke' : ''}\` on ${new Date().toISOString()} in ${extra.minutes.toFixed(1)} minutes.`,
    '',
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, ${process.platform}; shared with other work while it ran.`,
    `- Node.js ${process.version}; next ${versionOf('next')}, jose ${versionOf('jose')}, bcryptjs ${versionOf('bcryptjs')}, @auth/core ${versionOf('@auth/core')}, better-auth ${versionOf('better-auth')}, autocannon ${versionOf('autocannon')}; PostgreSQL: ${extra.postgres ?? 'not run (DATABASE_URL unset)'}.`,
    `- Each figure and its reference are measured in the same run, side by side. Pages (figures 1 and 5): ${timing.pageWindows} alternating windows of 2 s per page after ${timing.warmUpSeconds} s of warm-up, requests/s over all windows. Rotations (figures 4 and 5): ${timing.trials} interleaved trials of ${timing.loadSeconds} s, rotations/s over all trials; each rotateRefreshToken trial is a fresh process, measured after ${timing.rotationWarmUpSeconds} s of warm-up, and over HTTP the server has ${timing.warmUpSeconds / 2} s of warm-up first. Figures 2 and 7: median of ${timing.verifyTrials} trials of ${timing.verifyTrialMs} ms (figure 7's sign-ins and password checks: ${timing.signInTrialMs} ms); figure 3: median p99 of ${timing.trials} trials. Figure 6: ${timing.memorySeconds} s of mixed load per database, then a bare one-page Next.js app as long at the embedded server's request rate. Load comes from autocannon (and bench/client.ts) in separate processes.`,
    '',
    '| Figure | What | Value | Unit | Reference | Ratio | Target | Pass |',
    '|---|---|---:|---|---|---:|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.figure} | ${row.name} | ${format(row.value)} | ${row.unit} | ${row.reference ? `${row.reference.name}: ${format(row.reference.value)}` : ''} | ${row.ratio === undefined ? '' : row.ratio.toFixed(row.ratio >= 10 ? 0 : 2)} | ${row.target} | ${row.pass === null ? 'info' : row.pass ? 'pass' : '**FAIL**'} |`,
    ),
    '',
    '## Notes',
    '',
    ...rows.filter((row) => row.note).map((row) => `- Figure ${row.figure}, ${row.name}: ${row.note}`),
  ];
  if (extra.plans) lines.push('', '## Query plans on the seeded database', '', '```', extra.plans.trim(), '```');
  return `${lines.join('\n')}\n`;
}

async function main() {
  const began = Date.now();
  mkdirSync(DATA, { recursive: true });
  ensureBenchBuild(log);
  ensureBareBuild(log);
  const rows: Row[] = [];
  log('figure 2: verify path');
  rows.push(...(await figureVerify(timing)));
  const embedded = await start('embedded', BASE_PORT);
  log('figure 1: auth overhead (embedded)');
  rows.push(await figureAuthOverhead(embedded, 'embedded', timing));
  log('figure 3: sign-in burst');
  rows.push(...(await figureSignInBurst(embedded, timing)));
  await stop(embedded);
  log('figure 8: sign-in methods');
  rows.push(...(await figureMethods(timing, BASE_PORT + 4)));
  let postgres: PostgresFigures | null = null;
  if (process.env.DATABASE_URL) {
    log('figures 1, 4, 5, 6, 7, 8 on PostgreSQL');
    postgres = await postgresFigures(process.env.DATABASE_URL);
    rows.push(...postgres.rows);
  } else {
    log('DATABASE_URL unset: figures 4, 5 and 7, and figure 6 on PostgreSQL, need PostgreSQL and are skipped');
  }
  log(`figure 6: memory on the embedded database (${timing.memorySeconds} s of mixed load), then the bare Next.js app`);
  const workerMb = await measureWorkerMb(timing);
  const embeddedMemory = await appMemory('memory');
  const bare = await bareMemory(embeddedMemory.requestsPerSecond);
  rows.push(...memoryRows('embedded', embeddedMemory, 384, bare, workerMb, timing), ...referenceRows(bare, workerMb, timing));
  if (postgres) rows.push(...memoryRows('PostgreSQL', postgres.memory, 256, bare, workerMb, timing));
  rows.sort((a, b) => a.figure.localeCompare(b.figure, 'en', { numeric: true }));
  const out = SMOKE ? path.join(DATA, 'RESULTS.smoke.md') : path.join(ROOT, 'bench/RESULTS.md');
  writeFileSync(out, report(rows, { postgres: postgres?.version ?? null, plans: postgres?.plans ?? null, minutes: (Date.now() - began) / 60_000 }));
  log(`wrote ${path.relative(ROOT, out)}`);
  const missed = rows.filter((row) => row.pass === false);
  for (const row of missed) log(`missed: figure ${row.figure} ${row.name}: ${format(row.value)} ${row.unit} (target ${row.target})`);
  process.exit(!SMOKE && missed.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
