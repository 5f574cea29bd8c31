import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { restrictToOwner } from './data-dir';
import { DataDirInUseError, acquireDataDirLock } from './data-dir-lock';
import { SOCKET_PORT, databaseSocketPath } from './database-socket';
import { PrismaClient } from './generated/client';
import { listMigrationNames } from './schema-engine';

export type EmbeddedFolder = { pglite: PGlite; folder: string; close(): Promise<void> };

// PGlite's defaults are a server's: 128 MB of shared buffers, held in the WebAssembly memory for
// the life of the process. An auth database is a few megabytes and its files stay in the OS page
// cache, so 16 MB of buffers costs no query a disk read; it saves about 130 MB of resident memory.
// Passed at start, not written to postgresql.conf, so the folder stays as initdb made it.
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

// Loaded by path, not imported: bundlers leave it alone. Servers and scripts run from the project folder.
const CREATE_DATABASE_SCRIPT = path.join(process.cwd(), 'lib', 'db', 'create-database.mjs');

/**
 * Opens PGlite on a folder. A folder without a database gets one first, made by a process of its
 * own that then exits (lib/db/create-database.mjs): initdb's working memory, over 400 MB, would
 * otherwise stay in this process, in part for its whole life.
 */
async function openPglite(folder: string): Promise<PGlite> {
  if (!existsSync(path.join(folder, 'PG_VERSION'))) await createDatabase(folder);
  return PGlite.create(folder, { startParams: START_PARAMS });
}

function createDatabase(folder: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Not a worker thread: what its allocations grew would stay resident in this process.
    execFile(process.execPath, [CREATE_DATABASE_SCRIPT, folder, ...START_PARAMS], (error, _stdout, stderr) => {
      if (!error) return resolve();
      const reason = stderr.trim().split('\n').at(-1) || `exit code ${error.code}`;
      reject(new Error(`Creating the embedded database in ${folder} failed: ${reason}`, { cause: error }));
    });
  });
}

export function pgliteFolder(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** Opens DATA_DIR/pglite in this process, under the data folder's lock. */
export async function openPgliteFolder(dataDir: string): Promise<EmbeddedFolder> {
  // The data folder is 0700 (acquireDataDirLock), and what PGlite writes in it is kept private too,
  // so a copy or a loosened folder gives nothing away. PGlite makes its folders, and some files,
  // with the process's umask, and keeps making them while it runs (write-ahead log segments, new
  // tables): the mask stays 077 for the life of the process rather than being restored after
  // opening. It sets the mode of other files itself, past the umask (its initial database comes
  // out 0666): those are tightened after opening and after closing.
  process.umask(0o077);
  const releaseLock = acquireDataDirLock(dataDir);
  const folder = pgliteFolder(dataDir);
  try {
    const pglite = await openPglite(folder);
    restrictToOwner(folder);
    return {
      pglite,
      folder,
      async close() {
        await pglite.close();
        restrictToOwner(folder);
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * Reaches the embedded database held by another process (a running server) through the socket it
 * serves (lib/db/database-socket.ts). The holder applied the migrations when it opened the
 * database; a client applies none (a schema change must not happen under a running server), but
 * refuses to work on a schema older than its own code.
 */
export async function connectToHolder(dataDir: string, holder: number): Promise<PrismaClient> {
  // An older Latchkey, or a script that opened the folder itself, serves no socket.
  if (!existsSync(databaseSocketPath(dataDir))) throw new DataDirInUseError(dataDir, holder);
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ host: dataDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres', max: 1 }),
  });
  try {
    const applied = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const names = new Set(applied.map((row) => row.migration_name));
    const missing = (await listMigrationNames()).filter((name) => !names.has(name));
    if (missing.length > 0) {
      throw new Error(
        `The server holding the embedded database in ${dataDir} (process ${holder}) has not applied the migrations ${missing.join(', ')}: ` +
          'restart it (it applies them at start-up), then run this again.',
      );
    }
    return prisma;
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
}
