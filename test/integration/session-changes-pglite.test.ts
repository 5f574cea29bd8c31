import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SESSION_CHANGES_CHANNEL, isHearingSessionChanges, startSessionChangeListener, stopSessionChangeListener } from '@/lib/accounts/session-changes';
import { validateAccessToken } from '@/lib/accounts/sessions';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { getConfig } from '@/lib/config';
import { closeDatabase, openServerDatabase } from '@/lib/db';
import { SOCKET_PORT } from '@/lib/db/database-socket';
import { newSession } from '../support/accounts';

// The embedded database's server hears the operator's scripts (npm run admin:create…), which change
// rows through its socket and announce them as Latchkey does (lib/accounts/session-changes.ts), at
// their commit. The session cache keeps answers for a minute here, so nothing but the
// announcement can explain a change seen at the next check.
process.env.SESSION_CACHE_TTL = '60';

/** Changes a user in one transaction through the server's socket, as a script does, and announces it (or not). */
async function changeThroughSocket(sql: string, userId: string, announce: boolean): Promise<void> {
  const script = new pg.Client({ host: getConfig().dataDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });
  await script.connect();
  try {
    await script.query('BEGIN');
    await script.query(sql, [userId]);
    if (announce) await script.query('SELECT pg_notify($1, $2)', [SESSION_CHANGES_CHANNEL, `u:${userId}`]);
    await script.query('COMMIT');
  } finally {
    await script.end();
  }
}
const PROMOTE = `UPDATE "User" SET role = 'ADMIN' WHERE id = $1`;
const DISABLE = 'UPDATE "User" SET "disabledAt" = now() WHERE id = $1';

async function userIdOf(token: string): Promise<string> {
  const claims = await verifyAccessToken(token);
  if (!claims) throw new Error('freshly issued access token did not verify');
  return claims.userId;
}

describe('session changes made by scripts beside the server on the embedded database', () => {
  beforeAll(async () => {
    startSessionChangeListener(await openServerDatabase());
    for (const deadline = Date.now() + 5000; !isHearingSessionChanges(); await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (Date.now() > deadline) throw new Error('the listener did not start');
    }
  });
  afterAll(async () => {
    await stopSessionChangeListener();
    await closeDatabase();
  });

  test('a promotion a script announces shows at the next check; unannounced, the cached role stands', async () => {
    expect(getConfig().sessionCacheTtl).toBe(60);
    const { accessToken } = await newSession();
    const userId = await userIdOf(accessToken);
    expect((await validateAccessToken(accessToken))?.user.role).toBe('USER');

    // The control: written without a word, the cache answers as before (so it is in play below).
    await changeThroughSocket(PROMOTE, userId, false);
    expect((await validateAccessToken(accessToken))?.user.role).toBe('USER');
    await changeThroughSocket('SELECT $1::text', userId, true);
    expect((await validateAccessToken(accessToken))?.user.role).toBe('ADMIN');
  });

  test('a user a script disables is refused at the next check', async () => {
    const { accessToken } = await newSession();
    const userId = await userIdOf(accessToken);
    expect(await validateAccessToken(accessToken)).not.toBeNull();

    await changeThroughSocket(DISABLE, userId, true);
    expect(await validateAccessToken(accessToken)).toBeNull();
  });
});
