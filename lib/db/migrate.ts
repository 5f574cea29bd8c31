import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { NO_FILTERS, openSchemaEngine, readMigrations } from './schema-engine';

/**
 * Applies every migration in prisma/migrations not yet recorded in `_prisma_migrations`.
 * Idempotent: applied migrations are skipped, so running it at every start is safe.
 * Callers serialise concurrent runs (see lib/db/index.ts).
 */
export async function applyMigrations(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
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
