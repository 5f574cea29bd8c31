// npm run db:backup [-- <folder>]
// Writes an archive of the embedded database to <folder> (default DATA_DIR/backups):
// latchkey-<UTC time>.tar.gz, mode 0600. Works while the server runs: it pauses the server's
// database for as long as copying the data folder takes. On PostgreSQL, says how to use pg_dump.
import './log-to-stderr';
import { statSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '../lib/config';
import { POSTGRES_BACKUP_ADVICE, backupEmbedded } from '../lib/db/backup';

async function main(): Promise<void> {
  const config = getConfig();
  if (config.databaseUrl) throw new Error(POSTGRES_BACKUP_ADVICE);
  const folder = process.argv[2];
  const file = await backupEmbedded(config.dataDir, folder ? path.resolve(folder) : undefined);
  const megabytes = (statSync(file).size / 1_000_000).toFixed(1);
  console.log(`Wrote ${file} (${megabytes} MB). Keep a copy on another disk, and keep JWT_SECRET (or DATA_DIR/jwt-secret when it is not set): two-factor secrets in the archive are encrypted with it.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
