import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openDatabase } from '@/lib/db';
import { RestoreRefusedError, backupEmbedded, restoreEmbedded } from '@/lib/db/backup';
import { pgliteFolder } from '@/lib/db/embedded';

// npm run db:backup and db:restore on the embedded database (lib/db/backup.ts), with the database
// held by a server (served on its socket) and with nobody holding it.

const newDir = () => mkdtempSync(path.join(tmpdir(), 'latchkey-backup-test-'));

// Straight into the folder: the restored database as it is, migrations not applied.
async function inFolder<T>(dataDir: string, run: (pglite: PGlite) => Promise<T>): Promise<T> {
  const pglite = await PGlite.create(pgliteFolder(dataDir));
  try {
    return await run(pglite);
  } finally {
    await pglite.close();
  }
}
const usersIn = (dataDir: string) =>
  inFolder(dataDir, async (pglite) => (await pglite.query<{ email: string }>('SELECT email FROM "User" ORDER BY email')).rows.map((row) => row.email));

describe('backing up the embedded database and restoring it', () => {
  let dataDir: string;
  let server: Database;
  let other: ReturnType<typeof spawn>;
  let archive: string;
  const lockFile = () => path.join(dataDir, 'pglite.lock');
  const holdAsAnotherProcess = () => writeFileSync(lockFile(), String(other.pid));
  const holdAsThisProcess = () => writeFileSync(lockFile(), String(process.pid));

  beforeAll(async () => {
    dataDir = newDir();
    other = spawn('sleep', ['60']);
    server = await openDatabase({ databaseUrl: null, dataDir }, { serveSocket: true });
    await server.prisma.user.create({ data: { email: 'before-backup@example.com', passwordHash: 'x' } });
  });
  afterAll(async () => {
    holdAsThisProcess();
    other.kill();
    await server.close();
  });

  test('while a server holds it, the backup is a consistent archive (0600) that restores every account it had', async () => {
    const folder = path.join(newDir(), 'backups');
    holdAsAnotherProcess();
    try {
      archive = await backupEmbedded(dataDir, folder);
    } finally {
      holdAsThisProcess();
    }
    await server.prisma.user.create({ data: { email: 'after-backup@example.com', passwordHash: 'x' } });
    expect(path.basename(archive)).toMatch(/^latchkey-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.tar\.gz$/);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);

    const restored = newDir();
    expect(await restoreEmbedded(restored, archive)).toEqual({ setAside: null });
    expect(await usersIn(restored)).toEqual(['before-backup@example.com']);
    expect(existsSync(path.join(restored, 'pglite.lock'))).toBe(false);
  });

  test('restoring is refused while a process holds the database, which stays as it was', async () => {
    holdAsAnotherProcess();
    try {
      const restoring = restoreEmbedded(dataDir, archive, { force: true });
      await expect(restoring).rejects.toBeInstanceOf(RestoreRefusedError);
      await expect(restoring).rejects.toThrow(`is in use by process ${other.pid} (the server?): stop it, then restore.`);
    } finally {
      holdAsThisProcess();
    }
    expect(await server.prisma.user.count()).toBe(2);
  });

  test('with nobody holding it the backup opens the folder itself; a database already there is replaced only with force, and kept aside', async () => {
    const target = newDir();
    await restoreEmbedded(target, archive);
    await inFolder(target, (pglite) => pglite.query(`UPDATE "User" SET email = 'changed@example.com'`));
    const changed = await backupEmbedded(target, newDir());
    expect(existsSync(path.join(target, 'pglite.lock'))).toBe(false);

    await expect(restoreEmbedded(target, archive)).rejects.toThrow(`${pgliteFolder(target)} already holds a database. Add --force to replace it`);
    expect(await usersIn(target)).toEqual(['changed@example.com']);
    const { setAside } = await restoreEmbedded(target, archive, { force: true });
    expect(await usersIn(target)).toEqual(['before-backup@example.com']);
    expect(path.dirname(setAside!)).toBe(target);
    expect(path.basename(setAside!)).toMatch(/^pglite\.before-restore-/);
    expect(readdirSync(setAside!)).toContain('PG_VERSION');

    const again = newDir();
    await restoreEmbedded(again, changed);
    expect(await usersIn(again)).toEqual(['changed@example.com']);
  });

  test('a file that is not an archive of a database changes nothing', async () => {
    const target = newDir();
    const junk = path.join(target, 'junk.tar.gz');
    writeFileSync(junk, 'not an archive');
    await expect(restoreEmbedded(target, junk)).rejects.toThrow(`${junk} is not an archive written by npm run db:backup (not gzip); nothing was changed.`);
    expect(existsSync(path.join(target, 'pglite'))).toBe(false);
  });
});
