import 'server-only';
import pg from 'pg';
import { getLogger } from '../log';

// A connection of its own that LISTENs on one PostgreSQL channel for the life of the process.
// It cannot share the pool: LISTEN belongs to a session, and a pooled connection goes back to the
// pool after each query. When the connection is lost it is opened again after a delay that doubles
// with every failure in a row (capped), and notifications sent meanwhile are lost: whoever relies
// on them needs a bound of its own for the time in between (session-cache.ts has its TTL).

export type Listener = {
  /** True while the LISTEN is in place; notifications sent while false are never delivered. */
  readonly listening: boolean;
  stop(): Promise<void>;
};

export type ListenOptions = {
  url: string;
  channel: string;
  onNotification: (payload: string) => void;
  /** Where losing and regaining the connection is reported. */
  log?: (line: string) => void;
};

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 30_000;
// Names the connection in pg_stat_activity (and lets a test find it).
export const LISTENER_APPLICATION_NAME = 'latchkey-listener';

/** The wait before reconnecting after `failures` (1 or more) failed connections in a row. */
export function reconnectDelay(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 20));
}

const logError = (line: string) => getLogger().error(line);

/** Starts listening at once and keeps at it until stopped. */
export function listen({ url, channel, onNotification, log = logError }: ListenOptions): Listener {
  let client: pg.Client | null = null;
  let listening = false;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const attempt = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    client = attempt;
    attempt.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onNotification(message.payload);
    });
    attempt.on('error', (error) => lose(attempt, error));
    attempt.on('end', () => lose(attempt, new Error('connection ended')));
    try {
      await attempt.connect();
      await attempt.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (client !== attempt) return;
      if (failures > 0) log(`Listening on ${channel} again after ${failures} failed connection${failures === 1 ? '' : 's'}`);
      failures = 0;
      listening = true;
    } catch (error) {
      lose(attempt, error);
    }
  }

  // Called for every sign of a dead connection (a failed connect, 'error', 'end'), often several
  // times for one loss: only the first call for the current connection counts.
  function lose(attempt: pg.Client, error: unknown): void {
    if (client !== attempt) return;
    client = null;
    listening = false;
    attempt.end().catch(() => {});
    if (stopped) return;
    failures += 1;
    const delay = reconnectDelay(failures);
    log(`Not listening on ${channel} (${error instanceof Error ? error.message : String(error)}); reconnecting in ${delay} ms`);
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  }

  void connect();
  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      listening = false;
      await current?.end().catch(() => {});
    },
  };
}
