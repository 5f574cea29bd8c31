// npm run db:psql
// Opens psql on Latchkey's database. Embedded: through the socket the running server serves in
// DATA_DIR; with no server running, this process opens the database and serves it for the psql
// session (the server cannot start meanwhile). PostgreSQL: psql "$DATABASE_URL".
import './log-to-stderr';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '../lib/config';
import { closeDatabase, openServerDatabase } from '../lib/db';
import { DataDirInUseError, findLockHolder } from '../lib/db/data-dir-lock';
import { SOCKET_PORT, databaseSocketPath } from '../lib/db/database-socket';

// Debian keeps the client of each PostgreSQL version in its own folder, and Homebrew's libpq is
// not linked into PATH: look there after PATH.
function findPsql(): string | null {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  const folders = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    ...versions.map((version) => `/usr/lib/postgresql/${version}/bin`),
    '/opt/homebrew/opt/libpq/bin',
    '/usr/local/opt/libpq/bin',
  ];
  return folders.map((folder) => path.join(folder, 'psql')).find((file) => existsSync(file)) ?? null;
}

function runPsql(psql: string, args: string[]): Promise<number> {
  // Ctrl-C belongs to psql (it cancels the running statement), not to this process.
  process.on('SIGINT', () => {});
  return new Promise((resolve, reject) => {
    spawn(psql, args, { stdio: 'inherit' }).on('error', reject).on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const config = getConfig();
  const socketArgs = ['--host', config.dataDir, '--port', String(SOCKET_PORT), '--username', 'postgres', '--dbname', 'postgres'];
  const psql = findPsql();
  if (!psql) {
    throw new Error(
      'psql is not installed. Debian/Ubuntu: sudo apt install postgresql-client; macOS: brew install libpq, ' +
        'then add "$(brew --prefix libpq)/bin" to PATH.\n' +
        (config.databaseUrl ? 'Other clients connect with DATABASE_URL.' : `Other PostgreSQL clients connect to the running server's database with: ${socketArgs.join(' ')}`),
    );
  }
  if (config.databaseUrl) return runPsql(psql, [config.databaseUrl]);
  const holder = findLockHolder(config.dataDir);
  if (holder !== null) {
    if (!existsSync(databaseSocketPath(config.dataDir))) throw new DataDirInUseError(config.dataDir, holder);
    return runPsql(psql, socketArgs);
  }
  await openServerDatabase();
  console.log(`No server is running: this opened the database in ${config.dataDir} for psql; the server cannot start until psql ends.`);
  try {
    return await runPsql(psql, socketArgs);
  } finally {
    await closeDatabase();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
