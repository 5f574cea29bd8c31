import { PGlite } from '@electric-sql/pglite';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { applyMigrations } from './migrate';
import * as schemaEngine from './schema-engine';

// applyMigrations asks _prisma_migrations first and loads the schema engine only when the table
// is not exactly the migrations folder, all applied.

vi.mock('./schema-engine', async (importOriginal) => {
  const original = await importOriginal<typeof import('./schema-engine')>();
  return { ...original, openSchemaEngine: vi.fn(original.openSchemaEngine) };
});

let pglite: PGlite;
beforeEach(() => {
  pglite = new PGlite();
  vi.mocked(schemaEngine.openSchemaEngine).mockClear();
});
afterEach(() => pglite.close());

test('a new database gets every migration from the engine; the next start finds them applied without loading it', async () => {
  const names = await schemaEngine.listMigrationNames();
  expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual(names);
  expect(schemaEngine.openSchemaEngine).toHaveBeenCalledTimes(1);

  expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual([]);
  expect(schemaEngine.openSchemaEngine).toHaveBeenCalledTimes(1);
}, 60_000);

test('a failed migration in the table is left to the engine, which refuses to go on', async () => {
  await applyMigrations(new PrismaPGlite(pglite));
  await pglite.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('failed', 'x', '29990101000000_broken', now(), 0)`,
  );
  await expect(applyMigrations(new PrismaPGlite(pglite))).rejects.toThrow(/29990101000000_broken/);
  expect(schemaEngine.openSchemaEngine).toHaveBeenCalledTimes(2);
}, 60_000);

test('a migration applied that the folder does not have is left to the engine', async () => {
  await applyMigrations(new PrismaPGlite(pglite));
  await pglite.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('newer', 'x', '29990101000000_newer', now(), now(), 1)`,
  );
  expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual([]);
  expect(schemaEngine.openSchemaEngine).toHaveBeenCalledTimes(2);
}, 60_000);

test('a migration of the folder missing from the table, or rolled back, is left to the engine', async () => {
  const names = await schemaEngine.listMigrationNames();
  await applyMigrations(new PrismaPGlite(pglite));
  // The engine would apply it again over the tables it made: a stand-in records that it was asked.
  const engine = { applyMigrations: vi.fn(async () => ({ appliedMigrationNames: [names.at(-1)!] })), free: vi.fn() };
  vi.mocked(schemaEngine.openSchemaEngine)
    .mockResolvedValueOnce(engine as unknown as SchemaEngine)
    .mockResolvedValueOnce(engine as unknown as SchemaEngine);

  await pglite.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [names.at(-1)]);
  expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual([names.at(-1)]);
  await pglite.query('DELETE FROM _prisma_migrations WHERE migration_name = $1', [names.at(-1)]);
  expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual([names.at(-1)]);
  expect(engine.applyMigrations).toHaveBeenCalledTimes(2);
  expect(engine.free).toHaveBeenCalledTimes(2);
}, 60_000);
