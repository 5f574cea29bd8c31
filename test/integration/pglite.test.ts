import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '@/lib/db';
import { DataDirInUseError } from '@/lib/db/data-dir-lock';
import { describeAdminFlows } from './admin-flows';
import { describeAuthFlows } from './auth-flows';
import { describeThrottleFlows } from './throttle-flows';
import { describeMfaFlows } from './mfa-flows';

// The embedded default: PGlite in the temporary DATA_DIR that test/support/env.ts made.
describeAuthFlows('embedded PGlite');
describeAdminFlows('embedded PGlite');
describeThrottleFlows('embedded PGlite');
describeMfaFlows('embedded PGlite');

test('a data folder held by another running process is refused with a clear message', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-lock-'));
  const other = spawn('sleep', ['30']);
  try {
    writeFileSync(path.join(dataDir, 'pglite.lock'), String(other.pid));
    const opening = openDatabase({ databaseUrl: null, dataDir });
    await expect(opening).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(opening).rejects.toThrow(`in use by process ${other.pid}`);
  } finally {
    other.kill();
  }
});

test('a lock left by a process that has exited is taken over, and released on close', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-lock-'));
  const lockFile = path.join(dataDir, 'pglite.lock');
  const exited = spawn('true');
  await new Promise((resolve) => exited.on('exit', resolve));
  writeFileSync(lockFile, String(exited.pid));

  const database = await openDatabase({ databaseUrl: null, dataDir });
  expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
  expect(await database.prisma.user.count()).toBe(0);
  await database.close();
  expect(existsSync(lockFile)).toBe(false);
});
