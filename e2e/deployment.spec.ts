import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { withServerDefaults } from '../scripts/server-env.mjs';
import { DEMO_PASSWORD, DEMO_USER, expectOnDashboard, signIn } from './helpers/accounts';
import { DEPLOYMENT_URL } from './helpers/server-addresses';

// How Latchkey is run for real, each journey with a server of its own on DEPLOYMENT_URL, one after
// the other: a restart of an unchanged checkout (npm start, no build), and the standalone output
// started exactly as the Docker image starts it, which signs in and shuts down gracefully on
// SIGTERM.

const ROOT = process.cwd();
const PORT = new URL(DEPLOYMENT_URL).port;

test.use({ baseURL: DEPLOYMENT_URL });
test.describe.configure({ mode: 'serial' });

type Server = { process: ChildProcess; output: () => string; exited: Promise<number | null> };

function startProcess(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Server {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

/** Polls GET /login until it answers 200; fails with the server's output once `timeoutMs` has passed. */
async function untilLoginAnswers(server: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`The server exited:\n${server.output()}`);
    const status = await fetch(`${DEPLOYMENT_URL}/login`).then((response) => response.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/login did not answer within ${timeoutMs} ms:\n${server.output()}`);
}

function connectionRefused(): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(PORT), 'localhost');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

test.describe('running Latchkey for real', () => {
  let dataDir: string;
  let server: Server | undefined;

  test.beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-deploy-'));
  });

  test.afterEach(async () => {
    if (server && server.process.exitCode === null) {
      server.process.kill('SIGKILL');
      await server.exited;
    }
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the second npm start of a built, unchanged checkout does not build and answers /login within 10 s', async () => {
    // The e2e run's build (npm run test:e2e) is stamped. A bare `next build` is not: npm start would
    // build again, replacing .next under the other servers of this run.
    const stamp = execFileSync(process.execPath, ['--input-type=module', '-e', "import { checkBuild } from './scripts/build-stamp.mjs'; console.log(checkBuild().line)"], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const message = `The build in .next is not stamped as current ("${stamp}"): build with npm run build (npm run test:e2e does) to run this test`;
    if (process.env.CI) expect(stamp, message).toMatch(/^Build up to date/);
    test.skip(!stamp.startsWith('Build up to date'), message);
    // Two starts, the first making a database: about 15 s on a busy 2-core machine.
    test.setTimeout(90_000);

    // The first start makes the database in the data folder; the second is a restart.
    const npmStart = () =>
      startProcess(['scripts/start.mjs', '-p', PORT], {
        cwd: ROOT,
        // The environment the build saw (npm run test:e2e), or the stamp's settings would differ.
        env: { ...process.env, APP_URL: DEPLOYMENT_URL, DATA_DIR: dataDir, BCRYPT_COST: '10' },
      });
    server = npmStart();
    await untilLoginAnswers(server, 60_000);
    // The server runs in a child given the heap limit and malloc settings (scripts/server-env.mjs).
    const serving = readFileSync(`/proc/${server.process.pid}/task/${server.process.pid}/children`, 'utf8').trim();
    const environment = readFileSync(`/proc/${serving}/environ`, 'utf8').split('\0');
    for (const [name, value] of Object.entries(withServerDefaults({}))) expect(environment).toContain(`${name}=${value}`);
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const started = Date.now();
    server = npmStart();
    await untilLoginAnswers(server, 10_000);
    const elapsed = Date.now() - started;
    expect(server.output().split('\n')[0]).toMatch(/^\[latchkey\] Build up to date \(sources [0-9a-f]{12}, built /);
    expect(server.output()).not.toContain('Creating an optimized production build');
    expect(server.output()).not.toContain('does not work with "output: standalone"');
    console.log(`The second npm start answered /login after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(10_000);

    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  test('the standalone output, started as the Docker image starts it, signs in and shuts down gracefully', async ({ page }) => {
    test.setTimeout(180_000);
    // The image's /app: .next/standalone, with .next/static beside it (Dockerfile). No public/ yet.
    const app = mkdtempSync(path.join(tmpdir(), 'latchkey-image-'));
    try {
      cpSync(path.join(ROOT, '.next/standalone'), app, { recursive: true });
      cpSync(path.join(ROOT, '.next/static'), path.join(app, '.next/static'), { recursive: true });
      expect(existsSync(path.join(ROOT, 'public'))).toBe(false);
      for (const file of ['server.js', 'prisma/schema.prisma', 'lib/auth/password-worker.mjs', 'lib/db/create-database.mjs', 'node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm', 'node_modules/@electric-sql/pglite/dist/pglite.wasm']) {
        expect(existsSync(path.join(app, file)), file).toBe(true);
      }
      server = startProcess(['server.js'], {
        cwd: app,
        env: withServerDefaults({
          // The image's environment (Dockerfile), with this test's port and data folder.
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          NEXT_MANUAL_SIG_HANDLE: 'true',
          HOSTNAME: '0.0.0.0',
          PORT,
          DATA_DIR: dataDir,
          // A local trial, so the demo accounts are there. One password worker at cost 12: sign-ins
          // sent together are checked one after the other, about 200 ms each on a quiet machine.
          APP_URL: DEPLOYMENT_URL,
          BCRYPT_COST: '12',
          PASSWORD_WORKERS: '1',
        }),
      });
      await untilLoginAnswers(server, 60_000);
      expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(true);

      // In the browser: the page's scripts come from .next/static, the password check runs in the worker.
      await signIn(page, DEMO_USER, DEMO_PASSWORD);
      await expectOnDashboard(page, DEMO_USER);

      // Sign-ins in flight when SIGTERM comes are answered; then the process exits 0 and unlocks the database.
      const signIns = Array.from({ length: 3 }, () =>
        fetch(`${DEPLOYMENT_URL}/api/auth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'password', username: DEMO_USER, password: DEMO_PASSWORD }),
        }),
      );
      // Once the first has been answered the others, sent with it, have surely been read and wait for
      // the worker: a connection still in the listen backlog when the server closes is reset, which
      // is no request in flight.
      const first = await signIns[0]!;
      server.process.kill('SIGTERM');
      const signalled = Date.now();
      // The server logs JSON lines (lib/log.ts): stdout is a pipe here, as under a container.
      await expect.poll(() => server!.output()).toMatch(/"msg":"SIGTERM: shutting down, \d request\(s\) in flight"/);
      const inFlight = Number(/"msg":"SIGTERM: shutting down, (\d) request/.exec(server.output())![1]);
      expect(inFlight).toBeGreaterThanOrEqual(1);
      expect(await connectionRefused()).toBe('ECONNREFUSED');
      for (const response of [first, ...(await Promise.all(signIns.slice(1)))]) {
        expect(response.status).toBe(200);
        expect(((await response.json()) as { access_token?: string }).access_token).toMatch(/^ey/);
      }
      expect(await server.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(10_000 + 5_000);
      expect(server.output()).toContain('"msg":"Stopped"}\n');
      expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
