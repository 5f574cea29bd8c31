import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { DataDirInUseError } from './data-dir-lock';
import { openPgliteFolder, pgliteFolder } from './embedded';

// A new data folder's database is made by a process of its own (lib/db/create-database.mjs), then opened here.

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function newDataDir(): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-embedded-'));
  folders.push(dataDir);
  return dataDir;
}

test('a new data folder gets a database, made by a process of its own, that opens and answers', async () => {
  const dataDir = newDataDir();
  const opened = await openPgliteFolder(dataDir);
  try {
    expect(existsSync(path.join(pgliteFolder(dataDir), 'PG_VERSION'))).toBe(true);
    expect((await opened.pglite.query<{ answer: number }>('SELECT 1 + 1 AS answer')).rows).toEqual([{ answer: 2 }]);
  } finally {
    await opened.close();
  }
}, 60_000);

test('a database that cannot be made is an error, and the data folder is not left locked', async () => {
  const dataDir = newDataDir();
  // Where the database's folder should go, a file: the process cannot make it.
  writeFileSync(pgliteFolder(dataDir), 'not a folder');
  const first = await openPgliteFolder(dataDir).catch((error: unknown) => error);
  expect(String(first)).toMatch(/^Error: Creating the embedded database in .+ failed: \{"name":"ErrnoError","errno":\d+\}$/);
  expect(first).not.toBeInstanceOf(DataDirInUseError);
  const second = await openPgliteFolder(dataDir).catch((error: unknown) => error);
  expect(second).not.toBeInstanceOf(DataDirInUseError);
  expect(String(second)).toBe(String(first));
}, 60_000);
