import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { openDatabase } from '@/lib/db';
import { DataDirInUseError } from '@/lib/db/data-dir-lock';
import { describeAdminFlows } from './admin-flows';
import { describeThrottleFlows } from './throttle-flows';
import { describeMfaFlows } from './mfa-flows';
import { describeSignUpFlows } from './sign-up-flows';
import { describeSignInFlows } from './sign-in-flows';
import { describeSignOutFlows } from './sign-out-flows';
import { describeAccessTokenFlows } from './access-token-flows';
import { describeDemoAccountsFlows } from './demo-accounts-flows';
import { describeDatabaseReopenFlows } from './database-reopen-flows';
import { describeSessionsFlows } from './sessions-flows';
import { describePasswordChangeFlows } from './password-change-flows';
import { describeAuditFlows } from './audit-flows';
import { describePasskeyAccountFlows } from './passkey-account-flows';
import { describePasskeySignInFlows } from './passkey-sign-in-flows';
import { describeProviderSignInFlows } from './provider-sign-in-flows';
import { describeClientsFlows } from './clients-flows';

// The embedded default: PGlite in the temporary DATA_DIR that test/support/env.ts made.
describeSignUpFlows('embedded PGlite');
describeSignInFlows('embedded PGlite');
describeSignOutFlows('embedded PGlite');
describeAccessTokenFlows('embedded PGlite');
describeDemoAccountsFlows('embedded PGlite');
describeDatabaseReopenFlows('embedded PGlite');
describeSessionsFlows('embedded PGlite');
describePasswordChangeFlows('embedded PGlite');
describeAuditFlows('embedded PGlite');
describeAdminFlows('embedded PGlite');
describeThrottleFlows('embedded PGlite');
describeMfaFlows('embedded PGlite');
describePasskeyAccountFlows('embedded PGlite');
describePasskeySignInFlows('embedded PGlite');
describeProviderSignInFlows('embedded PGlite');
describeClientsFlows('embedded PGlite');

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

test('an existing data folder open to everyone becomes 0700, and nothing the embedded database writes is open to other users', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-private-'));
  chmodSync(dataDir, 0o777);
  // The usual umask, whatever earlier tests in this process set.
  process.umask(0o022);

  const openToOthers = () => {
    const entries = readdirSync(dataDir, { recursive: true, encoding: 'utf8' });
    expect(entries.length).toBeGreaterThan(100);
    return entries.filter((entry) => (lstatSync(path.join(dataDir, entry)).mode & 0o077) !== 0);
  };

  const database = await openDatabase({ databaseUrl: null, dataDir });
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  await database.prisma.user.create({ data: { email: 'private-files@example.com', passwordHash: 'x' } });
  expect(openToOthers()).toEqual([]);
  await database.close();
  expect(openToOthers()).toEqual([]);
  vi.restoreAllMocks();
});
