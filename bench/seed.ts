import bcrypt from 'bcryptjs';
import { BENCH_ACCOUNTS, BENCH_HASH_COST, BENCH_PASSWORD } from './accounts';

// Seeds a benchmark database (DATA_DIR or DATABASE_URL), before its server starts: the accounts
// the figures sign in with (verified, like the demo accounts, so no banner), and with
// BENCH_SEED_USERS / BENCH_SEED_REFRESH_ROWS the scale of figure 5 (users, two sessions each, the refresh-token rows spread over those sessions), written
// by multi-row INSERT … SELECT generate_series in the database itself. Then VACUUM ANALYZE and a
// CHECKPOINT: a database that size in service has long been vacuumed and checkpointed, while a
// fresh bulk load leaves autovacuum, hint-bit writes and dirty pages to fall on the measurements.

async function main() {
  const { getDb, closeDatabase } = await import('../lib/db');
  const db = await getDb();
  // One hash for every account.
  const hash = bcrypt.hashSync(BENCH_PASSWORD, BENCH_HASH_COST);
  for (const email of BENCH_ACCOUNTS) {
    await db.$executeRaw`INSERT INTO "User" (id, email, "passwordHash", "emailVerifiedAt", "updatedAt") VALUES (gen_random_uuid(), ${email}, ${hash}, now(), now()) ON CONFLICT DO NOTHING`;
  }
  const users = Number(process.env.BENCH_SEED_USERS ?? 0);
  const refreshRows = Number(process.env.BENCH_SEED_REFRESH_ROWS ?? 0);
  if (users > 0) {
    const started = Date.now();
    await db.$executeRaw`
      INSERT INTO "User" (id, email, "passwordHash", "emailVerifiedAt", "updatedAt")
      SELECT gen_random_uuid(), 'scale-' || i || '@example.com', ${hash}, now(), now() FROM generate_series(1, ${users}::int) AS i`;
    await db.$executeRaw`
      INSERT INTO "Session" (id, "refreshTag", "userId", "userAgent", "expiresAt")
      SELECT gen_random_uuid(), md5(u.id::text || s), u.id, 'seed', now() + interval '30 days'
      FROM "User" u CROSS JOIN generate_series(1, 2) AS s WHERE u.email LIKE 'scale-%'`;
    const perSession = Math.ceil(refreshRows / (users * 2));
    await db.$executeRaw`
      INSERT INTO "RefreshToken" (id, "sessionId", "tokenHash", "expiresAt")
      SELECT gen_random_uuid(), s.id, md5(s.id::text || k) || md5(k || s.id::text), s."expiresAt"
      FROM "Session" s CROSS JOIN generate_series(1, ${perSession}::int) AS k WHERE s."userAgent" = 'seed'`;
    console.error(`seeded ${users} users, ${users * 2} sessions, ${users * 2 * perSession} refresh tokens in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  if (process.env.DATABASE_URL) await db.$executeRawUnsafe('CHECKPOINT');
  await closeDatabase();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
