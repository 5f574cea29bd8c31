import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Server, startServer } from './server';
import { buildUnlessCurrent } from './twin';

// Figure 6's reference: a bare `next start` of a one-page App Router app (bench/bare-app/), with
// the repository's next, react and react-dom, so what Next.js itself holds is measured beside
// Latchkey in the same run. Copied to .data-bench/bare (modules resolve from the repository's
// node_modules above it, as for the app's copy) and built there when its sources change. Next.js
// writes its tsconfig.json into the copy on the first build.
// Built with webpack: Turbopack (next 16.4.6), given a project with no middleware.ts or
// instrumentation.ts of its own inside this repository, compiles the repository's (it resolves them
// from its root, the folder of the lockfile), and the bare app would then be Latchkey's middleware.
// The server that runs the build, `next start`, is the same either way.

const ROOT = path.resolve(__dirname, '..');
const BARE_APP = path.join(ROOT, '.data-bench/bare');
const SOURCES = 'bench/bare-app';

export function ensureBareBuild(log: (line: string) => void): void {
  const copy = () => {
    rmSync(BARE_APP, { recursive: true, force: true });
    cpSync(path.join(ROOT, SOURCES), BARE_APP, { recursive: true });
  };
  buildUnlessCurrent({ dir: BARE_APP, sources: [SOURCES], copy, what: 'the bare one-page Next.js app', args: ['--webpack'] }, log);
}

export function startBareServer(port: number): Promise<Server> {
  return startServer({ port, app: BARE_APP, readyPath: '/' });
}
