import { createHash } from 'node:crypto';
import pg from 'pg';

// PostgreSQL helpers of the benchmark: throwaway databases (figure 6 has one of its own, so its
// server starts as a new installation would), the rotation counts of figure 4 and the query plans of figure 5.

/** Creates three throwaway databases (empty, to be seeded) on the server of `adminUrl`, drops them after. */
export async function withBenchDatabases<T>(adminUrl: string, run: (urls: { emptyUrl: string; scaledUrl: string; memoryUrl: string }) => Promise<T>): Promise<T> {
  const names = ['empty', 'scaled', 'memory'].map((use) => `latchkey_bench_${use}_${process.pid}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
    const urlOf = (name: string) => {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    };
    return await run({ emptyUrl: urlOf(names[0]!), scaledUrl: urlOf(names[1]!), memoryUrl: urlOf(names[2]!) });
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function postgresVersion(url: string): Promise<string> {
  return withClient(url, async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
}

/**
 * After rotating `chains` (final refresh tokens) `rotations` times in all: every session is still
 * live with exactly one usable token, that token is the client's final one, and the number of used
 * tokens equals the number of rotations. Nothing lost, nothing duplicated.
 */
export async function verifyRotationCounts(url: string, chains: string[], rotations: number): Promise<{ ok: boolean; summary: string }> {
  return withClient(url, async (client) => {
    const tags = chains.map((token) => token.split('.')[0]!);
    const { rows } = await client.query<{ refreshTag: string; revoked: boolean; live: string; used: string; liveHash: string | null }>(
      `SELECT s."refreshTag", s."revokedAt" IS NOT NULL AS revoked,
              count(*) FILTER (WHERE r."usedAt" IS NULL AND r."revokedAt" IS NULL) AS live,
              count(*) FILTER (WHERE r."usedAt" IS NOT NULL) AS used,
              max(r."tokenHash") FILTER (WHERE r."usedAt" IS NULL AND r."revokedAt" IS NULL) AS "liveHash"
       FROM "Session" s JOIN "RefreshToken" r ON r."sessionId" = s.id
       WHERE s."refreshTag" = ANY($1) GROUP BY s.id`,
      [tags],
    );
    const byTag = new Map(rows.map((row) => [row.refreshTag, row]));
    const used = rows.reduce((sum, row) => sum + Number(row.used), 0);
    const problems = chains.filter((token) => {
      const row = byTag.get(token.split('.')[0]!);
      return !row || row.revoked || row.live !== '1' || row.liveHash !== createHash('sha256').update(token).digest('hex');
    }).length;
    const ok = rows.length === chains.length && problems === 0 && used === rotations;
    return { ok, summary: `${chains.length} sessions, ${problems} with a wrong token count or final token, ${used} used tokens for ${rotations} rotations` };
  });
}

/** EXPLAIN of the queries on the auth path, with real keys from the seeded database. */
export async function explainPlans(url: string): Promise<{ text: string; seqScans: number }> {
  return withClient(url, async (client) => {
    const sample = (
      await client.query<{ id: string; refreshTag: string; userId: string; email: string; tokenHash: string }>(
        `SELECT s.id, s."refreshTag", s."userId", u.email, r."tokenHash"
         FROM "Session" s JOIN "User" u ON u.id = s."userId" JOIN "RefreshToken" r ON r."sessionId" = s.id LIMIT 1`,
      )
    ).rows[0]!;
    const queries: [string, string, unknown[]][] = [
      ['session check (every protected request, cache miss)', 'SELECT s."expiresAt", s."revokedAt", u.role, u."disabledAt" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = $1', [sample.id]],
      [
        'refresh: claim the token (session by tag, token by hash, one statement)',
        'UPDATE "RefreshToken" t SET "usedAt" = now() FROM "Session" s WHERE t."tokenHash" = $1 AND t."usedAt" IS NULL AND t."revokedAt" IS NULL AND s.id = t."sessionId" AND s."refreshTag" = $2 AND s."revokedAt" IS NULL',
        [sample.tokenHash, sample.refreshTag],
      ],
      [
        'refresh, when the claim fails: the session by tag with the token',
        'SELECT * FROM "Session" s LEFT JOIN "RefreshToken" r ON r."sessionId" = s.id AND r."tokenHash" = $2 WHERE s."refreshTag" = $1',
        [sample.refreshTag, sample.tokenHash],
      ],
      ['sign-in: user by email', 'SELECT * FROM "User" WHERE email = $1', [sample.email]],
      ['sign out everywhere: tokens of a user', 'UPDATE "RefreshToken" SET "revokedAt" = now() WHERE "revokedAt" IS NULL AND "sessionId" IN (SELECT id FROM "Session" WHERE "userId" = $1)', [sample.userId]],
    ];
    let text = '';
    let seqScans = 0;
    for (const [name, sql, params] of queries) {
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
      seqScans += (plan.match(/Seq Scan/g) ?? []).length;
      text += `-- ${name}\n${plan}\n\n`;
    }
    return { text, seqScans };
  });
}
