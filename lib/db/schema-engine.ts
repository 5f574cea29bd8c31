import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

// Prisma's own schema engine, compiled to WebAssembly, driven through a driver adapter: migrations
// are created and applied without the native engine binary (which cannot be downloaded on
// offline machines). The package targets bundlers (`import * as wasm from "*.wasm"`), so the
// module is instantiated here by hand against its JavaScript glue.

export const SCHEMA_PATH = path.resolve('prisma/schema.prisma');
export const MIGRATIONS_DIR = path.resolve('prisma/migrations');
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg') & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let glue: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const glueModule = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Glue;
  const gluePath = createRequire(path.resolve('package.json')).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = path.join(path.dirname(gluePath), 'schema_engine_bg.wasm');
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
    './schema_engine_bg.js': glueModule as unknown as WebAssembly.ModuleImports,
  });
  glueModule.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glueModule;
}

export async function openSchemaEngine(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  glue ??= loadGlue();
  const { SchemaEngine } = await glue;
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const log = () => {};
  return SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, log, bindMigrationAwareSqlAdapterFactory(adapter));
}

/** The names of the migrations in prisma/migrations (their folders), oldest first. */
export async function listMigrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Reads prisma/migrations in Prisma's own layout (`<timestamp>_<name>/migration.sql`). */
export async function readMigrations(): Promise<MigrationList> {
  const names = await listMigrationNames();
  const lockfilePath = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockfilePath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}
