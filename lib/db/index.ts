import 'server-only';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { getConfig } from '../config';
import { restrictToOwner } from './data-dir';
import { acquireDataDirLock } from './data-dir-lock';
import { PrismaClient } from './generated/client';
import { applyMigrations } from './migrate';
import { createStatementNamer } from './statement-names';

export type Db = PrismaClient;

export type Database = {
  prisma: PrismaClient;
  kind: 'embedded' | 'postgres';
  close(): Promise<void>;
};

// Any number fits; it only has to be the same in every Latchkey process sharing a database.
const MIGRATION_LOCK_KEY = 0x4c4b4d;

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(target: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  return target.databaseUrl ? openPostgres(target.databaseUrl) : openEmbedded(target.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  await withMigrationLock(url, () => migratePostgres(url));
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }, { statementNameGenerator: createStatementNamer() }) });
  return { prisma, kind: 'postgres', close: () => prisma.$disconnect() };
}

// Several processes may start at once against one server (rolling deploys, replicas): a session
// advisory lock lets one apply the migrations while the others wait, then find nothing to do.
async function withMigrationLock<T>(url: string, run: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await run();
  } finally {
    await client.end();
  }
}

// The schema engine takes its own advisory lock and keeps it while its connection lives; ending
// the pool releases it at once rather than when the idle connection times out.
async function migratePostgres(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await applyMigrations(new PrismaPg(pool));
  } finally {
    await pool.end();
  }
}

async function openEmbedded(dataDir: string): Promise<Database> {
  // The data folder is 0700 (acquireDataDirLock), and what PGlite writes in it is kept private too,
  // so a copy or a loosened folder gives nothing away. PGlite makes its folders, and some files,
  // with the process's umask, and keeps making them while it runs (write-ahead log segments, new
  // tables): the mask stays 077 for the life of the process rather than being restored after
  // opening. It sets the mode of other files itself, past the umask (its initial database comes
  // out 0666): those are tightened after opening and after closing.
  process.umask(0o077);
  const releaseLock = acquireDataDirLock(dataDir);
  const folder = path.join(dataDir, 'pglite');
  try {
    const pglite = await PGlite.create(folder);
    restrictToOwner(folder);
    const adapter: SqlMigrationAwareDriverAdapterFactory = new PrismaPGlite(pglite);
    await applyMigrations(adapter);
    const prisma = new PrismaClient({ adapter });
    return {
      prisma,
      kind: 'embedded',
      async close() {
        await prisma.$disconnect();
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

// One database per process. Next.js bundles instrumentation, pages and route handlers
// separately, so the handle lives on globalThis rather than in a module variable.
const globalDb = globalThis as typeof globalThis & { __latchkeyDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalDb.__latchkeyDatabase ??= openDatabase(getConfig()).catch((error: unknown) => {
    globalDb.__latchkeyDatabase = undefined;
    throw error;
  });
  return globalDb.__latchkeyDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const database = globalDb.__latchkeyDatabase;
  globalDb.__latchkeyDatabase = undefined;
  if (database) await (await database).close();
}
