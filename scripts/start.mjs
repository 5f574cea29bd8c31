// npm start: builds the app only when .next is not a build of the checkout as it is now
// (build-stamp.mjs), says which in one line, then runs `next start` in this process with the
// options given (npm start -- -p 4000). `npm run serve` passes --no-build: it starts the build there is.
// `next start` rather than .next/standalone/server.js (what the Docker image runs): it runs in the
// checkout, so a relative DATA_DIR and .env.local mean what they say (server.js moves into
// .next/standalone, which every build replaces, and reads only the .env files copied at build).
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
// With output: 'standalone', `next start` warns that it "does not work". It does: it serves .next as
// it always has, and .next/standalone is only what the image copies. That one line is left out.
const warn = console.warn;
console.warn = (...message) => {
  if (!String(message[0]).includes('does not work with "output: standalone"')) warn(...message);
};
const next = path.join(ROOT, 'node_modules/next/dist/bin/next');
process.argv = [process.argv[0], next, 'start', ...args];
await import(next);
