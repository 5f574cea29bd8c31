import { chmodSync, chownSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { captureLog, loggedWith } from '@/test/support/log';
import { DataDirOwnerError, ensurePrivateDataDir } from './data-dir';

const NOBODY = 65534;
const logged = captureLog();

const freshFolder = () => mkdtempSync(path.join(tmpdir(), 'latchkey-data-dir-'));
const modeOf = (folder: string) => statSync(folder).mode & 0o777;

afterEach(() => {
  vi.restoreAllMocks();
});

test('a missing data folder is created with mode 0700, parents too', () => {
  const parent = path.join(freshFolder(), 'srv');
  const dataDir = path.join(parent, 'latchkey');
  ensurePrivateDataDir(dataDir);
  expect(modeOf(dataDir)).toBe(0o700);
  expect(modeOf(parent)).toBe(0o700);
});

test('an existing data folder open to other users is tightened to 0700, saying so', () => {
  const dataDir = freshFolder();
  const warning = `The data folder ${dataDir} was open to other users (mode 777): now 0700`;
  chmodSync(dataDir, 0o777);
  ensurePrivateDataDir(dataDir);
  expect(modeOf(dataDir)).toBe(0o700);
  expect(loggedWith(logged, warning)).toEqual([expect.objectContaining({ level: 40 })]);
  ensurePrivateDataDir(dataDir);
  expect(loggedWith(logged, warning)).toHaveLength(1);
});

test('a data folder that belongs to another user is refused, naming the folder and both uids, and left as it was', () => {
  const user = process.getuid!();
  // Root can give a folder away; any other user finds one that belongs to root.
  let dataDir = '/';
  if (user === 0) {
    dataDir = freshFolder();
    chmodSync(dataDir, 0o755);
    chownSync(dataDir, NOBODY, NOBODY);
  }
  const owner = statSync(dataDir).uid;
  const mode = modeOf(dataDir);
  expect(owner).not.toBe(user);
  expect(() => ensurePrivateDataDir(dataDir)).toThrow(DataDirOwnerError);
  expect(() => ensurePrivateDataDir(dataDir)).toThrow(
    `The data folder ${dataDir} (DATA_DIR) belongs to the user with uid ${owner}, but Latchkey runs as uid ${user}.`,
  );
  expect(modeOf(dataDir)).toBe(mode);
});
