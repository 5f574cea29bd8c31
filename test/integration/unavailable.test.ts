import { PrismaPg } from '@prisma/adapter-pg';
import { expect, test } from 'vitest';
import { isDatabaseUnavailable } from '@/lib/db/unavailable';
import { openDatabase } from '@/lib/db';
import { PrismaClient } from '@/lib/db/generated/client';

// The API's 503 depends on recognising the errors a really unreachable PostgreSQL produces, both
// when the database is first opened and on a query. Nothing listens on port 1.
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

test('an ordinary bug is not mistaken for an unavailable database', () => {
  expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
  expect(isDatabaseUnavailable(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(false);
});
