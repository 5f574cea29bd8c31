import { chmodSync, rmSync } from 'node:fs';
import { type Socket, createServer } from 'node:net';
import path from 'node:path';
import { type PGlite, protocol } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

// The process holding the embedded database serves it to the scripts beside it (npm run
// admin:create, db:psql…) on a Unix socket in DATA_DIR, in PostgreSQL's own naming, so any
// PostgreSQL client connects with host = DATA_DIR and port = SOCKET_PORT. The socket file is 0600
// in the 0700 data folder: only the user Latchkey runs as can connect, and it logs in without a
// password, as PostgreSQL's superuser.
//
// PGlite is one database session. Its own query(), exec() and transaction() take a transaction
// lock and then a query lock; @electric-sql/pglite-socket's server takes only the query lock,
// message by message. A script's BEGIN … COMMIT, or even one statement sent as Parse, Bind,
// Execute, Sync, would then share the session with the server's queries in between: each would
// run inside the other's transaction, and a script's COMMIT could commit half of the server's
// (and the server's ROLLBACK undo the script's work). So the library's per-connection handler is
// kept, and its queue replaced by this one: a client's turn takes both of PGlite's locks and keeps
// them from its first message until PGlite answers ReadyForQuery idle (no transaction, no
// unfinished batch). The server's queries and transactions, and other clients, wait for the turn
// to end, and a socket client waits for a transaction of the server's to end.
//
// PGlite parses the answers to its own queries, and hands the notifications in them to its
// listeners; a socket client's answers pass through untouched. When the session LISTENs, the
// notifications a client's transaction sends come back in the answer to its COMMIT: the turn
// queue, which reads those answers anyway, gives them to `onNotification` as well.

/** PostgreSQL clients find a Unix socket as `<host folder>/.s.PGSQL.<port>`. */
export const SOCKET_PORT = 5432;
/** A client that keeps a transaction open this long without a word is cut off: the server waits meanwhile. */
export const IDLE_IN_TRANSACTION_MS = 10_000;

export function databaseSocketPath(dataDir: string): string {
  return path.join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
}

/** A NotificationResponse found in a socket client's answers: committed, on a channel the session LISTENs on. */
export type OnNotification = (channel: string, payload: string) => void;

type QueuedMessage = {
  handlerId: number;
  message: Uint8Array | null; // null: the client has gone, end its turn
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
};

type Turn = { handlerId: number; release: () => void; response: ReturnType<typeof followResponses>; idleTimer?: NodeJS.Timeout };

/** The queue the library's handlers call: enqueue, clearQueueForHandler, clearTransactionIfNeeded. */
function createTurnQueue(
  pglite: PGlite,
  idleInTransactionMs: number,
  onIdleInTransaction: (handlerId: number) => void,
  onNotification: OnNotification,
  isConnected: (handlerId: number) => boolean,
) {
  let waiting: QueuedMessage[] = [];
  let turn: Turn | null = null;
  let draining = false;

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      for (;;) {
        const index = turn ? waiting.findIndex((queued) => queued.handlerId === turn!.handlerId) : waiting.length > 0 ? 0 : -1;
        if (index === -1) break;
        await run(waiting.splice(index, 1)[0]!);
      }
    } finally {
      draining = false;
    }
    // The holder has nothing more to run: the server waits on it from now on.
    if (turn && !turn.idleTimer) {
      const holder = turn.handlerId;
      turn.idleTimer = setTimeout(() => onIdleInTransaction(holder), idleInTransactionMs);
    }
  }

  async function run(queued: QueuedMessage): Promise<void> {
    if (!turn) {
      if (!queued.message) return queued.resolve(0);
      let release: () => void;
      try {
        release = await holdPglite(pglite);
      } catch (error) {
        return queued.reject(error as Error);
      }
      // A client that left while this message waited for the database has nobody to end its turn.
      if (!isConnected(queued.handlerId)) {
        release();
        return queued.reject(new Error('Handler disconnected'));
      }
      turn = { handlerId: queued.handlerId, release, response: followResponses(onNotification) };
    }
    const current = turn;
    clearTimeout(current.idleTimer);
    current.idleTimer = undefined;
    let bytes = 0;
    try {
      if (queued.message) {
        current.response.expectMore();
        await pglite.execProtocolRawStream(queued.message, {
          onRawData: (data) => {
            bytes += data.length;
            current.response.read(data);
            queued.onData(data);
          },
        });
      } else {
        await endAbandonedTurn(pglite, current.response);
      }
      queued.resolve(bytes);
    } catch (error) {
      queued.reject(error as Error);
    } finally {
      if (current.response.idle() || !queued.message) {
        current.release();
        turn = null;
      }
    }
  }

  return {
    enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
      return new Promise<number>((resolve, reject) => {
        waiting.push({ handlerId, message, onData, resolve, reject });
        void drain();
      });
    },
    clearQueueForHandler(handlerId: number): void {
      for (const queued of waiting.filter((item) => item.handlerId === handlerId)) queued.reject(new Error('Handler disconnected'));
      waiting = waiting.filter((item) => item.handlerId !== handlerId);
    },
    /** The client has gone: if it holds the turn, roll back what it left open and end the turn. */
    clearTransactionIfNeeded(handlerId: number): Promise<void> {
      if (turn?.handlerId !== handlerId) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting.unshift({ handlerId, message: null, onData: () => {}, resolve: () => resolve(), reject });
        void drain();
      });
    },
  };
}

// Takes PGlite's transaction lock, then its query lock, in the order its own transaction() does;
// resolves once both are held, with the function that gives them back.
function holdPglite(pglite: PGlite): Promise<() => void> {
  return new Promise((resolveHeld, rejectHeld) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    pglite
      ._runExclusiveTransaction(() =>
        pglite.runExclusive(async () => {
          resolveHeld(release);
          await released;
        }),
      )
      .catch(rejectHeld);
  });
}

// A client that went away mid-batch or mid-transaction must not leave the session in it: a batch
// that failed skips everything until Sync, so Sync first; then ROLLBACK (which also aborts a batch
// that had not failed, as PostgreSQL does when a connection drops).
async function endAbandonedTurn(pglite: PGlite, response: ReturnType<typeof followResponses>): Promise<void> {
  const send = (message: Uint8Array) => pglite.execProtocolRawStream(message, { onRawData: (data) => response.read(data) });
  if (response.failedBatch()) await send(protocol.serialize.sync());
  if (!response.idle()) await send(protocol.serialize.query('ROLLBACK'));
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const ERROR_RESPONSE = 0x45; // 'E'
const IDLE = 0x49; // 'I'
const NOTIFICATION_RESPONSE = 0x41; // 'A'

/**
 * Follows the backend's messages (type byte, 4-byte length, body) across the chunks of its
 * responses, to tell whether the last one was ReadyForQuery with the status "idle", and whether an
 * error came since the last ReadyForQuery (PostgreSQL then skips the client's messages until Sync).
 * Each NotificationResponse goes to `onNotification` as soon as its last byte is read.
 */
export function followResponses(onNotification: OnNotification = () => {}) {
  let header: number[] = [];
  let left = 0;
  let type = 0;
  let ready = true;
  let status = IDLE;
  let failed = false;
  let notification: Uint8Array[] | null = null; // the body of a NotificationResponse, as it comes
  return {
    /** A client message is about to run: until its answer ends in ReadyForQuery, the session is not idle. */
    expectMore() {
      ready = false;
    },
    read(bytes: Uint8Array) {
      let at = 0;
      while (at < bytes.length) {
        if (left === 0) {
          header.push(bytes[at++]!);
          if (header.length < 5) continue;
          type = header[0]!;
          left = ((header[1]! << 24) | (header[2]! << 16) | (header[3]! << 8) | header[4]!) - 4;
          header = [];
          ready = false;
          if (type === ERROR_RESPONSE) failed = true;
          if (type === NOTIFICATION_RESPONSE) notification = [];
          continue;
        }
        if (type === READY_FOR_QUERY) {
          status = bytes[at]!;
          ready = true;
          failed = false;
        }
        const take = Math.min(left, bytes.length - at);
        notification?.push(bytes.slice(at, at + take));
        at += take;
        left -= take;
        if (notification && left === 0) {
          onNotification(...readNotification(Buffer.concat(notification)));
          notification = null;
        }
      }
    },
    idle: () => ready && status === IDLE && left === 0 && header.length === 0,
    failedBatch: () => failed,
  };
}

// NotificationResponse: the sender's process id (int32), the channel and the payload (C strings).
function readNotification(body: Buffer): [channel: string, payload: string] {
  const channelEnd = body.indexOf(0, 4);
  return [body.toString('utf8', 4, channelEnd), body.toString('utf8', channelEnd + 1, body.length - 1)];
}

// What PostgreSQL sends a client it cuts off (FATAL, SQLSTATE 25P03), so psql says why.
function fatalMessage(text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C25P03\0M${text}\0\0`);
  const header = Buffer.alloc(5);
  header.write('E');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

export type DatabaseSocket = { path: string; close(): Promise<void> };

/**
 * Serves `pglite` on DATA_DIR/.s.PGSQL.5432 (mode 0600) until close(). `onNotification` hears what
 * the clients' transactions NOTIFY, at their commit, on the channels the session LISTENs on.
 */
export async function serveDatabaseSocket(
  pglite: PGlite,
  dataDir: string,
  { idleInTransactionMs = IDLE_IN_TRANSACTION_MS, onNotification = () => {} }: { idleInTransactionMs?: number; onNotification?: OnNotification } = {},
): Promise<DatabaseSocket> {
  const socketPath = databaseSocketPath(dataDir);
  const clients = new Map<number, { handler: PGLiteSocketHandler; socket: Socket }>();
  const cutOff = (handlerId: number) => {
    const client = clients.get(handlerId);
    if (!client) return;
    client.socket.write(fatalMessage(`terminating connection: idle in a transaction for ${idleInTransactionMs / 1000} s, which pauses the Latchkey server`));
    void client.handler.detach(true);
  };
  const queue = createTurnQueue(pglite, idleInTransactionMs, cutOff, onNotification, (handlerId) => clients.has(handlerId));
  const server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'], closeOnDetach: true });
    clients.set(handler.handlerId, { handler, socket });
    const forget = () => clients.delete(handler.handlerId);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    void handler.attach(socket);
  });
  // This process holds the data folder's lock: a socket file already there was left by a crash.
  rmSync(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...clients.values()].map(({ handler }) => handler.detach(true)));
      await closed;
      rmSync(socketPath, { force: true });
    },
  };
}
