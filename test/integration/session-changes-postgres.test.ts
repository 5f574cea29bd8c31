import net from 'node:net';
import pg from 'pg';
import { afterEach, expect, test, vi } from 'vitest';
import { announceSessionChange, hearSessionChange, isHearingSessionChanges, SESSION_CHANGES_CHANNEL, startSessionChangeListener, stopSessionChangeListener } from '@/lib/accounts/session-changes';
import { createSession, revokeAllUserSessions, revokeUserSession, validateAccessToken } from '@/lib/accounts/sessions';
import { setDisabled } from '@/lib/admin/actions';
import type { SessionTokens } from '@/lib/auth/session-tokens';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getConfig } from '@/lib/config';
import { getDatabase, getDb } from '@/lib/db';
import { LISTENER_APPLICATION_NAME, listen } from '@/lib/db/listener';
import { startTcpProxy } from '@/e2e/servers/tcp-proxy.mjs';
import { client, newSession } from '../support/accounts';
import { describeOnDatabase } from '../support/database';
import { captureLog } from '../support/log';
import { createTestDatabase, postgresAvailable } from '../support/postgres';

// Revocation across servers (lib/accounts/session-changes.ts): this process plays server B, whose
// session cache holds what it read; "another server" is a plain connection that changes rows and
// announces them as Latchkey does. Heard changes take effect within 100 ms; unheard ones (the
// listener's connection is down) within SESSION_CACHE_TTL, as without a listener.

const HEARD_WITHIN_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function idsOf(tokens: SessionTokens): Promise<{ sessionId: string; userId: string }> {
  const claims = await verifyAccessToken(tokens.accessToken);
  if (!claims) throw new Error('freshly issued access token did not verify');
  return claims;
}

/** Changes rows in one transaction on a connection of its own, as another server would, and announces it (or not). */
async function changeElsewhere(sql: string, id: string, payload: string | null): Promise<void> {
  const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query(sql, [id]);
    if (payload !== null) await other.query('SELECT pg_notify($1, $2)', [SESSION_CHANGES_CHANNEL, payload]);
    await other.query('COMMIT');
  } finally {
    await other.end();
  }
}
const REVOKE_SESSION = 'UPDATE "Session" SET "revokedAt" = now() WHERE id = $1';
const DISABLE_USER = 'UPDATE "User" SET "disabledAt" = now() WHERE id = $1';

/** Milliseconds from now until the token is refused; fails past `limitMs`. */
async function msUntilRefused(token: string, limitMs: number): Promise<number> {
  const start = performance.now();
  while ((await validateAccessToken(token)) !== null) {
    if (performance.now() - start > limitMs) throw new Error(`still accepted after ${limitMs} ms`);
    await sleep(2);
  }
  return performance.now() - start;
}

/** Payloads on the channel, as any listener receives them. */
async function overhear(): Promise<{ payloads: string[]; close(): Promise<void> }> {
  const spy = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const payloads: string[] = [];
  await spy.connect();
  spy.on('notification', (message) => payloads.push(message.payload ?? ''));
  await spy.query(`LISTEN ${SESSION_CHANGES_CHANNEL}`);
  return { payloads, close: () => spy.end() };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

if (postgresAvailable('session change')) {
  process.env.DATABASE_URL = await createTestDatabase();

  describeOnDatabase('session changes across servers on PostgreSQL', () => {
    afterEach(async () => {
      await stopSessionChangeListener();
      vi.restoreAllMocks();
    });

    test('a change another server announces is refused within 100 ms; unannounced, the cache still answers', async () => {
      startSessionChangeListener(await getDatabase());
      await waitFor(isHearingSessionChanges, 'the listener');
      const tokens = await newSession();
      const { sessionId } = await idsOf(tokens);
      expect(await validateAccessToken(tokens.accessToken)).not.toBeNull();

      // The control: written without a word, the cache answers as before (so it is in play below).
      await changeElsewhere(REVOKE_SESSION, sessionId, null);
      expect(await validateAccessToken(tokens.accessToken)).not.toBeNull();
      await changeElsewhere('SELECT $1::text', sessionId, `s:${sessionId}`);
      expect(await msUntilRefused(tokens.accessToken, 1000)).toBeLessThan(HEARD_WITHIN_MS);
    });

    test('a user announced as changed has every one of its sessions read again', async () => {
      startSessionChangeListener(await getDatabase());
      await waitFor(isHearingSessionChanges, 'the listener');
      const first = await newSession();
      const { userId } = await idsOf(first);
      const db = await getDb();
      const second = await db.$transaction((tx) => createSession(tx, { id: userId, role: 'USER' }, client, ['pwd']));
      for (const tokens of [first, second]) expect(await validateAccessToken(tokens.accessToken)).not.toBeNull();

      await changeElsewhere(DISABLE_USER, userId, `u:${userId}`);
      for (const tokens of [first, second]) expect(await msUntilRefused(tokens.accessToken, 1000)).toBeLessThan(HEARD_WITHIN_MS);
    });

    test('every change is announced once, at its commit, and a rolled-back one never', async () => {
      const heard = await overhear();
      try {
        const tokens = await newSession();
        const { sessionId, userId } = await idsOf(tokens);
        const db = await getDb();
        await db.$transaction(async (tx) => {
          await announceSessionChange(tx, { sessionId });
          await sleep(200);
          expect(heard.payloads).toEqual([]);
        });
        await waitFor(() => heard.payloads.length === 1, 'the commit');
        await db
          .$transaction(async (tx) => {
            await announceSessionChange(tx, { userId });
            throw new Error('rolled back');
          })
          .catch(() => {});
        await revokeUserSession(userId, sessionId, client);
        await revokeAllUserSessions(userId, client);
        // Disabling marks the user and ends its sessions: two identical NOTIFYs, delivered as one.
        await setDisabled({ id: userId, email: 'admin@example.com' }, userId, true, client);
        await sleep(200);
        expect(heard.payloads).toEqual([`s:${sessionId}`, `s:${sessionId}`, `u:${userId}`, `u:${userId}`]);
      } finally {
        await heard.close();
      }
    });

    test('after its connection is killed, the listener reconnects and hears again', async () => {
      const logged = captureLog();
      startSessionChangeListener(await getDatabase());
      await waitFor(isHearingSessionChanges, 'the listener');
      const db = await getDb();
      const [killed] = await db.$queryRaw<{ killed: boolean }[]>`
        SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`;
      expect(killed?.killed).toBe(true);
      await waitFor(() => !isHearingSessionChanges(), 'the loss');
      await waitFor(isHearingSessionChanges, 'the reconnection', 2000);
      expect(logged.map((line) => JSON.parse(line) as { level: number; msg: string }).map(({ level, msg }) => [level, msg.replace(/\(.*\)/, '(…)')])).toEqual([
        [50, `Not listening on ${SESSION_CHANGES_CHANNEL} (…); reconnecting in 100 ms`],
        [50, `Listening on ${SESSION_CHANGES_CHANNEL} again after 1 failed connection`],
      ]);

      const tokens = await newSession();
      const { sessionId } = await idsOf(tokens);
      expect(await validateAccessToken(tokens.accessToken)).not.toBeNull();
      await changeElsewhere(REVOKE_SESSION, sessionId, `s:${sessionId}`);
      expect(await msUntilRefused(tokens.accessToken, 1000)).toBeLessThan(HEARD_WITHIN_MS);
    });

    test('while the listener is down it retries with growing delays, and the cache answers for SESSION_CACHE_TTL, no longer', async () => {
      const ttlMs = getConfig().sessionCacheTtl * 1000;
      const database = new URL(process.env.DATABASE_URL!);
      const proxyPort = await freePort();
      const proxy = await startTcpProxy({ listenPort: proxyPort, target: { host: database.hostname, port: Number(database.port || 5432) }, controlPort: 0 });
      const logged: string[] = [];
      database.host = `127.0.0.1:${proxyPort}`;
      const listener = listen({ url: database.toString(), channel: SESSION_CHANGES_CHANNEL, onNotification: hearSessionChange, log: (line) => logged.push(line) });
      try {
        await waitFor(() => listener.listening, 'the listener');
        const tokens = await newSession();
        const { sessionId } = await idsOf(tokens);
        expect(await validateAccessToken(tokens.accessToken)).not.toBeNull();
        const cachedAt = performance.now();

        await proxy.cut();
        await waitFor(() => !listener.listening, 'the loss');
        // Announced, but nobody hears it: the cached answer stands until the TTL, then the database is read.
        await changeElsewhere(REVOKE_SESSION, sessionId, `s:${sessionId}`);
        expect(await validateAccessToken(tokens.accessToken)).not.toBeNull();
        await msUntilRefused(tokens.accessToken, ttlMs + 500);
        expect(performance.now() - cachedAt).toBeGreaterThanOrEqual(ttlMs - 50);

        const delays = logged.map((line) => Number(/reconnecting in (\d+) ms/.exec(line)?.[1]));
        expect(delays.slice(0, 4)).toEqual([100, 200, 400, 800]);
        await proxy.restore();
        await waitFor(() => listener.listening, 'the reconnection', 10_000);
        expect(logged.at(-1)).toMatch(new RegExp(`^Listening on ${SESSION_CHANGES_CHANNEL} again after ${delays.length} failed connections$`));

        const later = await newSession();
        const ids = await idsOf(later);
        expect(await validateAccessToken(later.accessToken)).not.toBeNull();
        await changeElsewhere(REVOKE_SESSION, ids.sessionId, `s:${ids.sessionId}`);
        expect(await msUntilRefused(later.accessToken, 1000)).toBeLessThan(HEARD_WITHIN_MS);
      } finally {
        await listener.stop();
        await proxy.close();
      }
    });
  });
}
