// npm start: builds the app only when .next is not a build of the checkout as it is now
// (build-stamp.mjs), says which in one line, then runs `next start` with the options given
// (npm start -- -p 4000). `npm run serve` passes --no-build: it starts the build there is.
// The server needs settings a process cannot take once started (server-env.mjs: the heap limit,
// glibc's malloc): without them, this script runs itself again with them, as a child it waits for.
// `next start` rather than .next/standalone/server.js (what the Docker image runs): it runs in the
// checkout, so a relative DATA_DIR and .env.local mean what they say (server.js moves into
// .next/standalone, which every build replaces, and reads only the .env files copied at build).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { ROOT, build, checkBuild } from './build-stamp.mjs';
import { hasServerDefaults, withServerDefaults } from './server-env.mjs';

const args = process.argv.slice(2);
const serveOnly = args[0] === '--no-build';
if (serveOnly) args.shift();
else {
  const { current, line } = checkBuild();
  console.log(`[latchkey] ${line}`);
  if (!current) build();
}

if (hasServerDefaults(process.env, process.execArgv)) await serve();
else {
  const child = spawn(process.execPath, [import.meta.filename, '--no-build', ...args], { stdio: 'inherit', env: withServerDefaults(process.env) });
  // A signal to this process is the server's to handle (lib/shutdown.ts ignores a second one: Ctrl+C
  // reaches both processes), and this one ends as the server did.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + constants.signals[signal]));
}

async function serve() {
  // Latchkey's own shutdown closes the database after the last request (lib/shutdown.ts).
  process.env.NEXT_MANUAL_SIG_HANDLE ??= 'true';
  // With output: 'standalone', `next start` warns that it "does not work". It does: it serves .next as
  // it always has, and .next/standalone is only what the image copies. That one line is left out.
  const warn = console.warn;
  console.warn = (...message) => {
    if (!String(message[0]).includes('does not work with "output: standalone"')) warn(...message);
  };
  const next = path.join(ROOT, 'node_modules/next/dist/bin/next');
  process.argv = [process.argv[0], next, 'start', ...args];
  await import(next);
}
