// npm run db:migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes a database from
// the committed migration history to prisma/schema.prisma. The history is replayed on a throwaway
// in-memory PGlite, so no database server and no engine download are needed.
import './log-to-stderr';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { MIGRATIONS_DIR, NO_FILTERS, SCHEMA_PATH, openSchemaEngine, readMigrations } from '../lib/db/schema-engine';

async function main(): Promise<void> {
  const name = process.argv[2]?.trim();
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('Usage: npm run db:migration -- <name>   (lower-case letters, digits and underscores)');
  }
  const pglite = await PGlite.create();
  const engine = await openSchemaEngine(new PrismaPGlite(pglite));
  try {
    const { stdout } = await engine.diff({
      from: { tag: 'migrations', ...(await readMigrations()) },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, 'utf8') }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = stdout?.trim() ?? '';
    if (sql === '' || sql === '-- This is an empty migration.') {
      console.log('The schema matches the migrations: nothing to write.');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const folder = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'migration.sql'), `${sql}\n`);
    console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
  } finally {
    engine.free();
    await pglite.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
