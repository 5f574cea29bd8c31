// Creates the embedded database in a new folder, in a worker thread of its own (lib/db/embedded.ts).
// initdb's working memory (over 400 MB) belongs to the PGlite instance that ran it, and once that
// instance is closed it waits for a major garbage collection, which an idle server may not run
// for hours. A worker's memory is returned when the worker exits.
import { workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const { folder, startParams } = workerData;
await (await PGlite.create(folder, { startParams })).close();
