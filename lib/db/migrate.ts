import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { NO_FILTERS, listMigrationNames, openSchemaEngine, readMigrations } from './schema-engine';

/**
 * Applies every migration in prisma/migrations not yet recorded in `_prisma_migrations`.
 * Idempotent: applied migrations are skipped, so running it at every start is safe.
 * Callers serialise concurrent runs (see lib/db/index.ts).
 */
export async function applyMigrations(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  // Most starts find nothing to do. Asking the table first spares loading the schema engine, whose
  // 5 MB of WebAssembly would otherwise stay in the process (about 8 MB resident, measured).
  if (await upToDate(adapter)) return [];
  const engine = await openSchemaEngine(adapter);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrations(),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * Whether the database has applied exactly the migrations in prisma/migrations, each once, with
 * none failed or under way. Anything else, even what the engine might accept, is left to it.
 */
async function upToDate(factory: SqlMigrationAwareDriverAdapterFactory): Promise<boolean> {
  const adapter = await factory.connect();
  try {
    const table = await adapter.queryRaw({ sql: "SELECT to_regclass('_prisma_migrations') IS NOT NULL", args: [], argTypes: [] });
    if (table.rows[0]?.[0] !== true) return false;
    const { rows } = await adapter.queryRaw({
      sql: 'SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL, rolled_back_at IS NOT NULL FROM _prisma_migrations',
      args: [],
      argTypes: [],
    });
    const applied = rows.filter(([, done]) => done === true).map(([name]) => String(name));
    if (rows.some(([, done, rolledBack]) => done !== true && rolledBack !== true)) return false;
    const expected = await listMigrationNames();
    return applied.length === expected.length && expected.every((name) => applied.includes(name));
  } finally {
    await adapter.dispose();
  }
}
