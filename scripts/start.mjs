// npm start: builds the app only when .next is not a build of the checkout as it is now
// (build-stamp.mjs), says which in one line, then runs `next start` in this process with the
// options given (npm start -- -p 4000). `npm run serve` passes --no-build: it starts the build there is.
import path from 'node:path';
import { ROOT, build, checkBuild } from './build-stamp.mjs';

const args = process.argv.slice(2);
const serveOnly = args[0] === '--no-build';
if (serveOnly) args.shift();
else {
  const { current, line } = checkBuild();
  console.log(`[latchkey] ${line}`);
  if (!current) build();
}

// Latchkey's own shutdown closes the database after the last request (lib/shutdown.ts).
process.env.NEXT_MANUAL_SIG_HANDLE ??= 'true';
const next = path.join(ROOT, 'node_modules/next/dist/bin/next');
process.argv = [process.argv[0], next, 'start', ...args];
await import(next);
