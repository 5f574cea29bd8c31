import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { restrictToOwner } from './data-dir';
import { acquireDataDirLock, findLockHolder } from './data-dir-lock';
import { SOCKET_PORT } from './database-socket';
import { openPgliteFolder, pgliteFolder } from './embedded';

// npm run db:backup and db:restore for the embedded database: an archive is PGlite's own dump of
// its data folder (dumpDataDir, a gzipped tar), which PGlite loads back (loadDataDir).

/** What db:backup and db:restore say when DATABASE_URL names a PostgreSQL server. */
export const POSTGRES_BACKUP_ADVICE = [
  'DATABASE_URL names a PostgreSQL server: back it up with its own tools, which work while Latchkey runs.',
  '  pg_dump --format=custom --file=latchkey-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"',
  'and restore an archive (Latchkey stopped) with',
  '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" latchkey-<time>.dump',
  'pg_dump and pg_restore come with the PostgreSQL client (Debian/Ubuntu: apt install postgresql-client; macOS: brew install libpq).',
].join('\n');

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

/** Writes `<folder>/latchkey-<UTC time>.tar.gz` (mode 0600) and returns its path. */
export async function backupEmbedded(dataDir: string, folder = path.join(dataDir, 'backups')): Promise<string> {
  if (!existsSync(path.join(pgliteFolder(dataDir), 'PG_VERSION'))) throw new Error(`There is no embedded database in ${dataDir} to back up.`);
  const holder = findLockHolder(dataDir);
  const archive = holder === null ? await dumpFolder(dataDir) : await dumpBesideHolder(dataDir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, `latchkey-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`);
  writeFileSync(file, archive, { flag: 'wx', mode: 0o600 });
  return file;
}

async function dumpFolder(dataDir: string): Promise<Buffer> {
  const opened = await openPgliteFolder(dataDir);
  try {
    return Buffer.from(await (await opened.pglite.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await opened.close();
  }
}

// A server holds the database: a transaction on its socket holds PGlite itself (every other query
// waits, lib/db/database-socket.ts), so while it is open, after a checkpoint has written every
// change to the data files, the folder on disk does not change and a copy of it is consistent.
// The server pauses only for the copy; the copy is then opened here and dumped like any folder.
async function dumpBesideHolder(dataDir: string): Promise<Buffer> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'latchkey-backup-'));
  const copy = path.join(scratch, 'pglite');
  try {
    const client = new pg.Client({ host: dataDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('CHECKPOINT');
      cpSync(pgliteFolder(dataDir), copy, { recursive: true });
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const pglite = await PGlite.create(copy);
    try {
      return Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await pglite.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readArchive(archive: string): Buffer {
  const bytes = readFileSync(archive);
  try {
    gunzipSync(bytes);
  } catch {
    throw new RestoreRefusedError(`${archive} is not an archive written by npm run db:backup (not gzip); nothing was changed.`);
  }
  return bytes;
}

/**
 * Replaces the embedded database with an archive's. Refused while a process holds the database,
 * and, without `force`, when a database is already there; with `force` the existing one is kept
 * aside, and its new path returned.
 */
export async function restoreEmbedded(dataDir: string, archive: string, { force = false } = {}): Promise<{ setAside: string | null }> {
  const holder = findLockHolder(dataDir);
  if (holder !== null) {
    throw new RestoreRefusedError(`The embedded database in ${dataDir} is in use by process ${holder} (the server?): stop it, then restore.`);
  }
  const tarball = new Blob([new Uint8Array(readArchive(archive))], { type: 'application/gzip' });
  const folder = pgliteFolder(dataDir);
  const occupied = existsSync(folder) && readdirSync(folder).length > 0;
  if (occupied && !force) {
    throw new RestoreRefusedError(`${folder} already holds a database. Add --force to replace it (it is kept aside, not deleted).`);
  }
  process.umask(0o077);
  const releaseLock = acquireDataDirLock(dataDir);
  const setAside = occupied ? `${folder}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}` : null;
  try {
    if (setAside) renameSync(folder, setAside);
    rmSync(folder, { recursive: true, force: true });
    try {
      const pglite = await PGlite.create(folder, { loadDataDir: tarball });
      try {
        // A Latchkey database, not just any PostgreSQL folder.
        await pglite.query('SELECT count(*) FROM _prisma_migrations');
      } finally {
        await pglite.close();
      }
      restrictToOwner(folder);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      if (setAside) renameSync(setAside, folder);
      throw new Error(`${archive} is not a Latchkey database archive (${(error as Error).message}); nothing was changed.`);
    }
  } finally {
    releaseLock();
  }
  return { setAside };
}
