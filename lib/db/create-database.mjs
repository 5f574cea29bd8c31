// Creates the embedded database in a new folder, in a process of its own (lib/db/embedded.ts).
// initdb's working memory (over 400 MB) belongs to the PGlite instance that ran it. Closed in the
// server, it would wait for a major garbage collection, which an idle server may not run for hours;
// in a worker thread, the memory came back but the allocator's arenas it had grown stayed resident
// (about 65 MB more for the life of the server, measured). A process returns everything when it exits.
// Usage: node create-database.mjs FOLDER [POSTGRES START PARAMETERS...]
import { PGlite } from '@electric-sql/pglite';

const [folder, ...startParams] = process.argv.slice(2);
try {
  await (await PGlite.create(folder, { startParams })).close();
} catch (error) {
  // The parent shows the last line of stderr. PGlite's file errors are plain objects ({ errno }).
  console.error(error instanceof Error ? error.message : JSON.stringify(error));
  process.exit(1);
}
