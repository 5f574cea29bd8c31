// npm run db:restore -- <archive> [--force]
// Brings back an archive written by npm run db:backup as the embedded database. Refused while the
// server (or any process) holds the database; over an existing database only with --force, which
// keeps the old one aside in DATA_DIR. On PostgreSQL, says how to use pg_restore.
import './log-to-stderr';
import path from 'node:path';
import { getConfig } from '../lib/config';
import { POSTGRES_BACKUP_ADVICE, restoreEmbedded } from '../lib/db/backup';
import { pgliteFolder } from '../lib/db/embedded';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const archives = args.filter((arg) => arg !== '--force');
  const config = getConfig();
  if (config.databaseUrl) throw new Error(POSTGRES_BACKUP_ADVICE);
  if (archives.length !== 1) throw new Error('Usage: npm run db:restore -- <archive.tar.gz> [--force]');
  const archive = path.resolve(archives[0]!);
  const { setAside } = await restoreEmbedded(config.dataDir, archive, { force });
  console.log(`Restored ${archive} into ${pgliteFolder(config.dataDir)}.`);
  if (setAside) console.log(`The database that was there is in ${setAside}: delete it once you no longer need it.`);
  console.log('Start the server: it applies any migrations the archive predates.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
