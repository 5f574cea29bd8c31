import { PrismaPg } from '@prisma/adapter-pg';
import { expect, test } from 'vitest';
import { closeDatabase, getDb, openDatabase } from '@/lib/db';
import { recentDatabaseHealth } from '@/lib/db/health';
import { isDatabaseUnavailable, unlessUnavailable } from '@/lib/unavailable';
import { PrismaClient } from '@/lib/db/generated/client';

// The API's 503, the pages' 503 and the forms' "service unavailable" depend on recognising the
// errors a really unreachable PostgreSQL produces, both when the database is first opened and on
// a query. Nothing listens on port 1.
const deadUrl = 'postgres://latchkey:latchkey@127.0.0.1:1/postgres';

test('opening an unreachable PostgreSQL fails with an error the API treats as unavailable', async () => {
  const error: unknown = await openDatabase({ databaseUrl: deadUrl, dataDir: '' }).catch((caught: unknown) => caught);
  expect(isDatabaseUnavailable(error)).toBe(true);
});

test('a query to an unreachable PostgreSQL fails with an error the API treats as unavailable', async () => {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: deadUrl }) });
  const error: unknown = await prisma.user.count().catch((caught: unknown) => caught);
  expect(isDatabaseUnavailable(error)).toBe(true);
  await prisma.$disconnect();
});

test('a raw query to an unreachable PostgreSQL (the refresh statement) fails with an error the API treats as unavailable', async () => {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: deadUrl }) });
  const error: unknown = await prisma.$queryRaw`SELECT 1`.catch((caught: unknown) => caught);
  expect(isDatabaseUnavailable(error)).toBe(true);
  await prisma.$disconnect();
});

test('an ordinary bug is not mistaken for an unavailable database', () => {
  expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
  expect(isDatabaseUnavailable(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(false);
});

test('unlessUnavailable turns an unreachable database into a result and rethrows anything else', async () => {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: deadUrl }) });
  expect(await unlessUnavailable(prisma.user.count())).toEqual({ ok: false, error: 'unavailable' });
  await prisma.$disconnect();
  await expect(unlessUnavailable(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await unlessUnavailable(Promise.resolve({ ok: true }))).toEqual({ ok: true });
});

test('the health probe is shared for a second, then asked again', async () => {
  await getDb(); // opened (and migrated) at start-up on a server
  const first = recentDatabaseHealth(1_000_000);
  expect(recentDatabaseHealth(1_000_500)).toBe(first);
  expect(await first).toBe('ok');
  const later = recentDatabaseHealth(1_001_000);
  expect(later).not.toBe(first);
  expect(await later).toBe('ok');
  await closeDatabase();
});
