import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDataDir } from './data-dir';

// PGlite is PostgreSQL running inside this process: two processes opening one data folder would
// corrupt it. A pid file makes the second process fail with a clear message instead. A lock left
// by a process that no longer runs (killed, crashed) is taken over.

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. Stop that process, ` +
        'or set DATABASE_URL to a PostgreSQL server to run several processes.',
    );
    this.name = 'DataDirInUseError';
  }
}

// Folders this process holds, kept on `process` so that every bundle Next.js loads sees the same set.
const held: Set<string> = ((process as unknown as Record<symbol, Set<string>>)[Symbol.for('latchkey.dataDirLocks')] ??= new Set());

export function acquireDataDirLock(dataDir: string): () => void {
  ensurePrivateDataDir(dataDir);
  const file = path.join(dataDir, 'pglite.lock');
  if (held.has(file)) throw new DataDirInUseError(dataDir, process.pid);
  const release = () => {
    held.delete(file);
    unlinkSync(file);
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      held.add(file);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(file, 'utf8'));
    // A container restarts its app under the same pid, so our own pid in a file this process
    // does not hold is a stale lock.
    if (holder !== process.pid && isRunning(holder)) throw new DataDirInUseError(dataDir, holder);
    unlinkSync(file);
  }
  throw new Error(`Could not lock ${dataDir}: another process keeps replacing ${file}`);
}

/** The running process, other than this one, whose lock is on the data folder; null when none is. */
export function findLockHolder(dataDir: string): number | null {
  let holder: number;
  try {
    holder = Number(readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return holder !== process.pid && isRunning(holder) ? holder : null;
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
