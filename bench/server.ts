import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withServerDefaults } from '../scripts/server-env.mjs';
import { sleep } from './stats';
import { BENCH_APP } from './twin';

// Starts `next start` on the benchmark's build of the app (bench/twin.ts) on a port of its own,
// with its own data folder (seeded beforehand by bench/seed.ts) and the process settings npm start
// gives the server (scripts/server-env.mjs); or, with `app` and `readyPath`, on another build, as
// Next.js runs it bare (figure 6's bare Next.js app, bench/bare.ts).

export type Server = { url: string; pid: number; stop(): Promise<void>; rssMb(): number; cpuMs(): number; log(): string };

const ROOT = path.resolve(__dirname, '..');
export const BENCH_SECRET = 'e7sClTnK0xQvhCyhxuy3vb1EIMtuyReys4AkkyFMNlk';

type ServerOptions = {
  port: number;
  dataDir?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** The built app's folder; the benchmark's build of Latchkey by default. */
  app?: string;
  /** A path that answers 200 once the server is ready. */
  readyPath?: string;
};

export async function startServer(options: ServerOptions): Promise<Server> {
  const url = `http://localhost:${options.port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    APP_URL: url,
    JWT_SECRET: BENCH_SECRET,
    DATA_DIR: options.dataDir,
    ACCESS_TOKEN_TTL: '3600',
    DATABASE_URL: options.databaseUrl ?? '',
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(options.port)], {
    cwd: options.app ?? BENCH_APP,
    env: options.app ? env : withServerDefaults(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitUntilReady(`${url}${options.readyPath ?? '/api/health'}`, child, () => output);
  return {
    url,
    pid: child.pid!,
    stop: () => stopChild(child),
    rssMb: () => processTreeRssMb(child.pid!),
    cpuMs: () => processTreeCpuMs(child.pid!),
    log: () => output,
  };
}

async function waitUntilReady(readyUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output()}`);
    try {
      const response = await fetch(readyUrl);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  child.kill();
  throw new Error(`next start did not become ready:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Resident memory of a process and its descendants, in MB (Linux /proc). */
export function processTreeRssMb(pid: number): number {
  let kb = 0;
  for (const id of [pid, ...descendants(pid)]) {
    try {
      const status = readFileSync(`/proc/${id}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // Exited meanwhile.
    }
  }
  return kb / 1024;
}

// The kernel counts CPU time in clock ticks (/proc/<pid>/stat); 100 a second on Linux here.
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU time (user and system, every thread) a process and its descendants have used, in ms (Linux /proc). */
export function processTreeCpuMs(pid: number): number {
  let ticks = 0;
  for (const id of [pid, ...descendants(pid)]) {
    try {
      // Fields after the command name (which may hold spaces), from field 3: utime and stime are 14 and 15.
      const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Exited meanwhile.
    }
  }
  return (ticks / TICKS_PER_SECOND) * 1000;
}

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    children = tasks ? tasks.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}
