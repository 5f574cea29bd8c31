// Whether .next holds a build of the checkout as it is now. `npm run build` and `npm start` write a
// stamp beside the build: a hash of the sources, of the lockfile and of the settings a build bakes
// in (NODE_ENV, NEXT_PUBLIC_*, the Node.js version). `npm start` builds only when it differs.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nextEnv from '@next/env';

export const ROOT = path.resolve(import.meta.dirname, '..');
const STAMP_FILE = path.join(ROOT, '.next', 'latchkey-build-stamp.json');
const LOCKFILE = 'package-lock.json';

// Files no build reads: tests, documentation, the tooling around the app and the scripts beside it.
const NOT_BUILT = /^(docs|e2e|test|bench|scripts|\.ci|\.github)\/|\.md$|\.test\.tsx?$|^(playwright|vitest)\.config\.ts$|^(Dockerfile|compose\.yaml|\.dockerignore|eslint\.config\.mjs|\.gitignore|\.env\.example)$/;
// Outside git (an unpacked archive): every file but these folders.
const NEVER_SOURCES = new Set(['node_modules', '.next', '.git']);

/** What the build in .next was made from: { sources, lockfile, settings }, each a hash. */
export function buildInputs() {
  const files = sourceFiles().filter((file) => file !== LOCKFILE && !NOT_BUILT.test(file) && existsSync(path.join(ROOT, file)));
  const sources = createHash('sha256');
  for (const file of files.sort()) sources.update(`${file}\0`).update(readFileSync(path.join(ROOT, file))).update('\0');
  return { sources: sources.digest('hex'), lockfile: hash(readFileSync(path.join(ROOT, LOCKFILE))), settings: hash(JSON.stringify(bakedSettings())) };
}

function sourceFiles() {
  try {
    // Tracked files and new ones not ignored: .data, .env.local and build output never count.
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return listed.split('\0').filter(Boolean);
  } catch {
    return walk('');
  }
}

function walk(folder) {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(folder, entry.name);
    if (NEVER_SOURCES.has(entry.name) || entry.name.startsWith('.data') || entry.name.startsWith('.env')) return [];
    return entry.isDirectory() ? walk(file) : [file];
  });
}

// The environment a build sees, .env files included (Next.js's own loader), narrowed to what ends
// up in the output: NEXT_PUBLIC_* is inlined into the pages' scripts.
function bakedSettings() {
  const { combinedEnv } = nextEnv.loadEnvConfig(ROOT, false, { info() {}, error: console.error });
  const baked = Object.entries(combinedEnv).filter(([name]) => name === 'NODE_ENV' || name.startsWith('NEXT_PUBLIC_'));
  return { env: Object.fromEntries(baked.sort(([a], [b]) => a.localeCompare(b))), node: process.version };
}

function hash(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** One line on what a start finds: `{ current, line }`. */
export function checkBuild(inputs = buildInputs()) {
  const previous = readStamp();
  if (!previous || !existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return { current: false, line: 'Building: no previous build' };
  if (previous.inputs.sources !== inputs.sources) return { current: false, line: 'Building: sources changed since the last build' };
  if (previous.inputs.lockfile !== inputs.lockfile) return { current: false, line: 'Building: the lockfile changed since the last build' };
  if (previous.inputs.settings !== inputs.settings) return { current: false, line: 'Building: build-time settings (NODE_ENV, NEXT_PUBLIC_*, Node.js version) changed since the last build' };
  return { current: true, line: `Build up to date (sources ${inputs.sources.slice(0, 12)}, built ${previous.builtAt})` };
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP_FILE, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Runs `next build`, then stamps the build with the inputs read before it started: a file changed
 * during the build leaves a stamp that no longer matches, and the next start builds again.
 */
export function build() {
  const inputs = buildInputs();
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(STAMP_FILE, `${JSON.stringify({ builtAt: new Date().toISOString(), inputs }, null, 2)}\n`);
}
