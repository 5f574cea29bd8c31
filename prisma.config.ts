import { defineConfig } from 'prisma/config';

// The Prisma CLI is used only to generate the client. Migrations are created and applied with
// Prisma's WebAssembly schema engine (scripts/db-migration.ts, lib/db/migrate.ts), so no engine
// binary is downloaded.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
