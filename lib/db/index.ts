import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { getConfig } from '../config';
import { getLogger } from '../log';
import { findLockHolder } from './data-dir-lock';
import { type DatabaseSocket, type OnNotification, databaseSocketPath, serveDatabaseSocket } from './database-socket';
import { connectToHolder, openPgliteFolder } from './embedded';
import { createEmbeddedListeners } from './embedded-listener';
import { PrismaClient } from './generated/client';
import { type Listener, listen } from './listener';
import { applyMigrations } from './migrate';
import { createStatementNamer } from './statement-names';

export type Db = PrismaClient;

export type Database = {
  prisma: PrismaClient;
  kind: 'embedded' | 'postgres';
  /** Where scripts reach an embedded database this process serves (lib/db/database-socket.ts). */
  socketPath?: string;
  /** The embedded database's WebAssembly memory, in bytes, where this process holds it. */
  memoryBytes?(): number;
  /**
   * Hears what is committed on a channel with NOTIFY, by any process using the database, until
   * stopped. Absent for a script reaching an embedded database through its holder's socket.
   */
  listen?(channel: string, onNotification: (payload: string) => void): Listener;
  close(): Promise<void>;
};

// Any number fits; it only has to be the same in every Latchkey process sharing a database.
const MIGRATION_LOCK_KEY = 0x4c4b4d;

/**
 * Opens the configured database and brings its schema up to date. With `serveSocket` (the server)
 * an embedded database is also served to the scripts beside it; without, a script reaches an
 * embedded database a server holds through that socket.
 */
export async function openDatabase(
  target: { databaseUrl: string | null; dataDir: string },
  { serveSocket = false }: { serveSocket?: boolean } = {},
): Promise<Database> {
  return target.databaseUrl ? openPostgres(target.databaseUrl) : openEmbedded(target.dataDir, serveSocket);
}

async function openPostgres(url: string): Promise<Database> {
  await withMigrationLock(url, () => migratePostgres(url));
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }, { statementNameGenerator: createStatementNamer() }) });
  return {
    prisma,
    kind: 'postgres',
    listen: (channel, onNotification) => listen({ url, channel, onNotification }),
    close: () => prisma.$disconnect(),
  };
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

// A script finds the embedded database held by a running server, and works through the socket the
// server serves; with no live holder it opens the folder itself. Only a server serves the socket.
async function openEmbedded(dataDir: string, serveSocket: boolean): Promise<Database> {
  const holder = serveSocket ? null : findLockHolder(dataDir);
  if (holder !== null) {
    const prisma = await connectToHolder(dataDir, holder);
    return { prisma, kind: 'embedded', close: () => prisma.$disconnect() };
  }
  const opened = await openPgliteFolder(dataDir);
  try {
    const adapter: SqlMigrationAwareDriverAdapterFactory = new PrismaPGlite(opened.pglite);
    await applyMigrations(adapter);
    const listeners = createEmbeddedListeners(opened.pglite);
    const socket = serveSocket ? await serveToScripts(opened.pglite, dataDir, listeners.hear) : null;
    const prisma = new PrismaClient({ adapter });
    return {
      prisma,
      kind: 'embedded',
      ...(socket ? { socketPath: socket.path } : {}),
      memoryBytes: () => wasmMemoryBytes(opened.pglite),
      listen: listeners.listen,
      async close() {
        await socket?.close();
        await prisma.$disconnect();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

// PGlite keeps its Emscripten module (and the memory PostgreSQL runs in) in a protected field; the
// memory grows as PostgreSQL needs and never shrinks, so its size is what the database holds.
function wasmMemoryBytes(pglite: PGlite): number {
  return (pglite as unknown as { mod: { wasmMemory: WebAssembly.Memory } }).mod.wasmMemory.buffer.byteLength;
}

// Without the socket the server still runs; only the scripts must then wait for it to stop.
function serveToScripts(pglite: PGlite, dataDir: string, onNotification: OnNotification): Promise<DatabaseSocket | null> {
  return serveDatabaseSocket(pglite, dataDir, { onNotification }).catch((error: unknown) => {
    getLogger().warn({ error: String(error) }, `Could not serve the embedded database on ${databaseSocketPath(dataDir)}: scripts cannot use it while the server runs`);
    return null;
  });
}

// One database per process. Next.js bundles instrumentation, pages and route handlers
// separately, so the handle lives on globalThis rather than in a module variable.
const globalDb = globalThis as typeof globalThis & { __latchkeyDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  return (globalDb.__latchkeyDatabase ??= remember(openDatabase(getConfig())));
}

/** The server's start-up: opens the database first, serving an embedded one to the scripts beside it. */
export function openServerDatabase(): Promise<Database> {
  return (globalDb.__latchkeyDatabase ??= remember(openDatabase(getConfig(), { serveSocket: true })));
}

function remember(opening: Promise<Database>): Promise<Database> {
  return opening.catch((error: unknown) => {
    globalDb.__latchkeyDatabase = undefined;
    throw error;
  });
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const database = globalDb.__latchkeyDatabase;
  globalDb.__latchkeyDatabase = undefined;
  if (database) await (await database).close();
}
