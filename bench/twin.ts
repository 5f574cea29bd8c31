import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The benchmark's own build. Figure 1 needs a twin of /dashboard with no session check, and the
// product ships none: the twin's files (bench/twin-app/, laid out as in the app) are laid over a
// copy of the app in .data-bench/app, which is built and served there. The product's tree and its
// .next are never touched. The copy has no node_modules and no lockfile: modules resolve from the
// repository's node_modules above it, which is also where Next.js finds the workspace's root.

const ROOT = path.resolve(__dirname, '..');
export const BENCH_APP = path.join(ROOT, '.data-bench/app');
const OVERLAY = path.join(ROOT, 'bench/twin-app');
/** What `next build` and `next start` read (prisma/: the migrations applied at start). */
const APP_FILES = ['app', 'components', 'lib', 'messages', 'prisma', 'middleware.ts', 'instrumentation.ts', 'next.config.js', 'tsconfig.json', 'package.json'];
// The root layout's header: on the twin's path it shows a placeholder user, as /dashboard shows
// the signed-in one (bench/twin-app/app/bench/session.ts).
const LAYOUT = 'app/layout.tsx';
const DAL_IMPORT = "from '@/lib/accounts/dal'";
const TWIN_DAL_IMPORT = "from './bench/session'";

/** Builds the benchmark's copy of the app unless a build of the current sources is there. */
export function ensureBenchBuild(log: (line: string) => void): void {
  buildUnlessCurrent({ dir: BENCH_APP, sources: [...APP_FILES, 'bench/twin-app'], copy: copyApp, what: 'the app with its benchmark twin' }, log);
}

/**
 * Lays `sources` (paths in the repository) out in `dir` with `copy` and runs `next build` there
 * (with `args`), unless a build newer than every source (their last commit, or their edits since)
 * is there already.
 */
export function buildUnlessCurrent(
  build: { dir: string; sources: string[]; copy: () => void; what: string; args?: string[] },
  log: (line: string) => void,
): void {
  const buildId = path.join(build.dir, '.next/BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const edited = execFileSync('git', ['ls-files', '-m', '-o', '--exclude-standard', ...build.sources], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const lastCommit = Number(execFileSync('git', ['log', '-1', '--format=%ct', '--', ...build.sources], { cwd: ROOT, encoding: 'utf8' })) * 1000;
  const newest = Math.max(lastCommit, ...edited.map((file) => (existsSync(path.join(ROOT, file)) ? statSync(path.join(ROOT, file)).mtimeMs : 0)));
  if (builtAt > newest) return log(`build of ${build.what} is up to date`);
  log(`building ${build.what} (next build in ${path.relative(ROOT, build.dir)})…`);
  build.copy();
  // Built like `npm run build`: the bench's DATABASE_URL would make the build count as production.
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.DATABASE_URL;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build', ...(build.args ?? [])], { cwd: build.dir, stdio: 'inherit', env });
}

function copyApp(): void {
  rmSync(BENCH_APP, { recursive: true, force: true });
  // Without the tests: they import test/support, which the copy has not, and next build type-checks what it finds.
  const notATest = (source: string) => !source.endsWith('.test.ts');
  for (const file of APP_FILES) cpSync(path.join(ROOT, file), path.join(BENCH_APP, file), { recursive: true, filter: notATest });
  cpSync(OVERLAY, BENCH_APP, { recursive: true });
  const layout = path.join(BENCH_APP, LAYOUT);
  const source = readFileSync(layout, 'utf8');
  if (source.split(DAL_IMPORT).length !== 2) throw new Error(`${LAYOUT} no longer imports the DAL once as ${DAL_IMPORT}: update bench/twin.ts`);
  writeFileSync(layout, source.replace(DAL_IMPORT, TWIN_DAL_IMPORT));
}
