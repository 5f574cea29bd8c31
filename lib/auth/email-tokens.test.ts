import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Prisma } from '../db/generated/client';
import { EMAIL_TOKEN_TTL_SECONDS, type EmailTokenPurpose, checkEmailToken, consumeEmailToken, issueEmailToken } from './email-tokens';

// The rules of mailed links, on an in-memory stand-in for the EmailToken table (the integration
// tests run the same functions on PGlite and PostgreSQL, races included).

type Row = { id: string; userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date; usedAt: Date | null };
type Where = Partial<Record<keyof Row, unknown>> & { expiresAt?: { gt: Date } };

function fakeTable() {
  const rows: Row[] = [];
  const matches = (row: Row, where: Where) =>
    Object.entries(where).every(([key, value]) =>
      key === 'expiresAt' ? row.expiresAt > (value as { gt: Date }).gt : row[key as keyof Row] === value,
    );
  const emailToken = {
    async create({ data }: { data: Omit<Row, 'id' | 'usedAt'> }) {
      rows.push({ ...data, id: `id-${rows.length}`, usedAt: null });
    },
    async findUnique({ where }: { where: { tokenHash: string } }) {
      return rows.find((row) => row.tokenHash === where.tokenHash) ?? null;
    },
    async updateMany({ where, data }: { where: Where; data: Partial<Row> }) {
      const hit = rows.filter((row) => matches(row, where));
      for (const row of hit) Object.assign(row, data);
      return { count: hit.length };
    },
  };
  return { rows, tx: { emailToken } as unknown as Prisma.TransactionClient };
}

const at = (iso: string) => new Date(iso);
const T0 = at('2026-11-25T12:00:00Z');
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('email tokens', () => {
  test('a token is 256 random bits in base64url; only its SHA-256 is stored', async () => {
    const { rows, tx } = fakeTable();
    const token = await issueEmailToken(tx, 'user-1', 'RESET', T0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await issueEmailToken(tx, 'user-1', 'VERIFY', T0)).not.toBe(token);
  });

  test('verification links last 24 hours, reset links 30 minutes', async () => {
    expect(EMAIL_TOKEN_TTL_SECONDS).toEqual({ VERIFY: 86_400, RESET: 1800 });
    const { tx } = fakeTable();
    const reset = await issueEmailToken(tx, 'user-1', 'RESET', T0);
    const verify = await issueEmailToken(tx, 'user-1', 'VERIFY', T0);
    expect((await checkEmailToken(tx, reset, 'RESET', after(1799))).ok).toBe(true);
    expect(await checkEmailToken(tx, reset, 'RESET', after(1800))).toEqual({ ok: false, error: 'expired' });
    expect((await checkEmailToken(tx, verify, 'VERIFY', after(86_399))).ok).toBe(true);
    expect(await consumeEmailToken(tx, verify, 'VERIFY', after(86_400))).toEqual({ ok: false, error: 'expired' });
  });

  test('a token works once', async () => {
    const { tx } = fakeTable();
    const token = await issueEmailToken(tx, 'user-1', 'RESET', T0);
    expect(await consumeEmailToken(tx, token, 'RESET', after(60))).toMatchObject({ ok: true, userId: 'user-1' });
    expect(await consumeEmailToken(tx, token, 'RESET', after(61))).toEqual({ ok: false, error: 'used' });
    expect(await checkEmailToken(tx, token, 'RESET', after(61))).toEqual({ ok: false, error: 'used' });
  });

  test('checking does not use the token', async () => {
    const { tx } = fakeTable();
    const token = await issueEmailToken(tx, 'user-1', 'RESET', T0);
    expect((await checkEmailToken(tx, token, 'RESET', after(1))).ok).toBe(true);
    expect((await checkEmailToken(tx, token, 'RESET', after(2))).ok).toBe(true);
    expect((await consumeEmailToken(tx, token, 'RESET', after(3))).ok).toBe(true);
  });

  test('a new link retires the older links of the same purpose and user only', async () => {
    const { tx } = fakeTable();
    const first = await issueEmailToken(tx, 'user-1', 'RESET', T0);
    const verify = await issueEmailToken(tx, 'user-1', 'VERIFY', T0);
    const otherUser = await issueEmailToken(tx, 'user-2', 'RESET', T0);
    const second = await issueEmailToken(tx, 'user-1', 'RESET', after(10));
    expect(await consumeEmailToken(tx, first, 'RESET', after(20))).toEqual({ ok: false, error: 'used' });
    expect((await consumeEmailToken(tx, second, 'RESET', after(20))).ok).toBe(true);
    expect((await consumeEmailToken(tx, verify, 'VERIFY', after(20))).ok).toBe(true);
    expect((await consumeEmailToken(tx, otherUser, 'RESET', after(20))).ok).toBe(true);
  });

  test('altered, truncated, foreign and non-string tokens are not valid', async () => {
    const { tx } = fakeTable();
    const token = await issueEmailToken(tx, 'user-1', 'RESET', T0);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const tampered of [flipped, token.slice(0, -1), `${token}A`, token.toUpperCase(), '', ' ', `${token} `, 'x'.repeat(5000), undefined, null, 42, [token]]) {
      expect(await checkEmailToken(tx, tampered, 'RESET', after(1))).toEqual({ ok: false, error: 'invalid' });
    }
    // A verification token does not reset a password, nor the reverse.
    expect(await consumeEmailToken(tx, token, 'VERIFY', after(1))).toEqual({ ok: false, error: 'invalid' });
    expect((await consumeEmailToken(tx, token, 'RESET', after(1))).ok).toBe(true);
  });
});
