import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openDatabase } from '@/lib/db';
import { DataDirInUseError } from '@/lib/db/data-dir-lock';
import { SOCKET_PORT, databaseSocketPath, serveDatabaseSocket } from '@/lib/db/database-socket';

// The embedded database served on its Unix socket (lib/db/database-socket.ts) beside the queries of
// the process that holds it: the server's own queries and Prisma transactions, and a script's.

const newDataDir = () => mkdtempSync(path.join(tmpdir(), 'latchkey-socket-'));
const connect = async (dataDir: string) => {
  const client = new pg.Client({ host: dataDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });
  await client.connect();
  return client;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(10)) if (Date.now() > deadline) throw new Error('timed out');
}
const settled = async (promise: Promise<unknown>, ms = 300) =>
  Promise.race([promise.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);
const countUsers = async (client: pg.Client, email: string) =>
  Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM "User" WHERE email = $1', [email])).rows[0]!.n);
const insertUser = (client: pg.Client, email: string) =>
  client.query(`INSERT INTO "User" (id, email, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, 'x', now())`, [email]);

describe('the server serving the embedded database on its socket', () => {
  let dataDir: string;
  let server: Database;
  beforeAll(async () => {
    dataDir = newDataDir();
    server = await openDatabase({ databaseUrl: null, dataDir }, { serveSocket: true });
  });
  afterAll(async () => {
    await server.close();
  });

  test('listens on DATA_DIR/.s.PGSQL.5432, a socket only its owner may use (0600), and answers queries', async () => {
    const socket = statSync(databaseSocketPath(dataDir));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    const client = await connect(dataDir);
    expect((await client.query('SELECT 1 + 1 AS two')).rows).toEqual([{ two: 2 }]);
    await client.end();
  });

  test("a script's transaction holds the database: the server's queries wait for it, and do not run inside it", async () => {
    const email = 'script-transaction@example.com';
    const client = await connect(dataDir);
    await client.query('BEGIN');
    await insertUser(client, email);
    const serverCount = server.prisma.user.count({ where: { email } });
    expect(await settled(serverCount)).toBe(false);
    await client.query('ROLLBACK');
    // Had the server's count run inside the script's transaction it would have seen the row.
    expect(await serverCount).toBe(0);
    await client.end();
  });

  test("a server's Prisma transaction holds the database: a script's statements wait, and survive the server's rollback", async () => {
    const serverEmail = 'server-transaction@example.com';
    const scriptEmail = 'script-beside-transaction@example.com';
    const client = await connect(dataDir);
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const transaction = server.prisma.$transaction(async (tx) => {
      await tx.user.create({ data: { email: serverEmail, passwordHash: 'x' } });
      await gate;
      throw new Error('roll back');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const scriptInsert = insertUser(client, scriptEmail);
    expect(await settled(scriptInsert)).toBe(false);
    finish();
    await expect(transaction).rejects.toThrow('roll back');
    await scriptInsert;
    expect(await countUsers(client, serverEmail)).toBe(0);
    expect(await countUsers(client, scriptEmail)).toBe(1);
    await client.end();
  });

  test('two scripts take turns: one transaction never sees or commits the other', async () => {
    const [first, second] = [await connect(dataDir), await connect(dataDir)];
    await first.query('BEGIN');
    await insertUser(first, 'first-script@example.com');
    const secondCount = countUsers(second, 'first-script@example.com');
    expect(await settled(secondCount)).toBe(false);
    await first.query('COMMIT');
    expect(await secondCount).toBe(1);
    await Promise.all([first.end(), second.end()]);
  });

  test('a script that goes away inside a transaction is rolled back, and the server carries on', async () => {
    const email = 'abandoned-transaction@example.com';
    const client = await connect(dataDir);
    await client.query('BEGIN');
    await insertUser(client, email);
    client.on('error', () => {});
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await server.prisma.user.count({ where: { email } })).toBe(0);
  });

  // A script that leaves while its last message waits for the server's transaction (its Terminate,
  // from pg's end(), or the first message of a statement it did not wait for) got the database
  // after it had gone, and the turn was never given back: every query of the server then waited
  // for ever. This stalled a server when `npm run clients:create` ended beside its transactions.
  const drop = (client: pg.Client) => (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  test.each([
    ['ends its connection (Terminate)', (client: pg.Client) => void client.end()],
    // With a parameter, pg sends Parse, Bind, Execute, Sync: Parse alone leaves the batch open.
    ['sends a statement and drops its socket', (client: pg.Client) => (client.query('SELECT $1::int', [1]).catch(() => {}), setTimeout(() => drop(client), 20))],
  ])('a script that %s while the server is in a transaction does not keep the database', async (_, leave) => {
    const client = await connect(dataDir);
    client.on('error', () => {});
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const transaction = server.prisma.$transaction(async (tx) => {
      await tx.user.count();
      await gate;
    });
    await sleep(100);
    leave(client);
    await sleep(100);
    finish();
    await transaction;
    expect(await settled(server.prisma.user.count(), 2000)).toBe(true);
  });

  test("what a script's transaction NOTIFYs is heard once at its commit, what the server's own NOTIFY once too, a rollback's never", async () => {
    const heard: string[] = [];
    const listener = server.listen!('script_changes', (payload) => heard.push(payload));
    await waitFor(() => listener.listening);
    const client = await connect(dataDir);
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_notify('script_changes', 'committed')`);
      await client.query(`SELECT pg_notify('elsewhere', 'other channel')`);
      expect(heard).toEqual([]);
      await client.query('COMMIT');
      // Heard before the script is told its COMMIT is done.
      expect(heard).toEqual(['committed']);
      await client.query('BEGIN');
      await client.query(`SELECT pg_notify('script_changes', 'rolled back')`);
      await client.query('ROLLBACK');
      await client.query(`SELECT pg_notify($1, $2)`, ['script_changes', 'one statement']);
      await server.prisma.$executeRaw`SELECT pg_notify('script_changes', 'by the server')`;
      await listener.stop();
      await client.query(`SELECT pg_notify('script_changes', 'after stop')`);
      await server.prisma.$executeRaw`SELECT pg_notify('script_changes', 'by the server after stop')`;
      await sleep(50);
      expect(heard).toEqual(['committed', 'one statement', 'by the server']);
    } finally {
      await listener.stop();
      await client.end();
    }
  });

  test('a failed statement inside a script transaction leaves the session usable for the next script', async () => {
    const client = await connect(dataDir);
    await client.query('BEGIN');
    await expect(client.query('SELECT * FROM no_such_table')).rejects.toThrow('no_such_table');
    await client.end();
    const next = await connect(dataDir);
    expect((await next.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await next.end();
    expect(await server.prisma.user.count({ where: { email: 'nobody@example.com' } })).toBe(0);
  });

  describe('a script opens the embedded database itself, or connects to its holder', () => {
    let other: ReturnType<typeof spawn>;
    const lockFile = () => path.join(dataDir, 'pglite.lock');
    beforeAll(async () => {
      other = spawn('sleep', ['60']);
      // Another live process holds the lock, as a server does beside a script.
      writeFileSync(lockFile(), String(other.pid));
    });
    afterAll(async () => {
      writeFileSync(lockFile(), String(process.pid));
      other.kill();
    });

    test('with a live holder serving the socket, it connects: what it writes is what the holder reads', async () => {
      const script = await openDatabase({ databaseUrl: null, dataDir });
      await script.prisma.user.create({ data: { email: 'through-the-socket@example.com', passwordHash: 'x' } });
      await script.close();
      expect(await server.prisma.user.count({ where: { email: 'through-the-socket@example.com' } })).toBe(1);
      expect(readFileSync(lockFile(), 'utf8')).toBe(String(other.pid));
    });

    test('a holder whose schema lacks a migration this code has is refused with the advice to restart it', async () => {
      await server.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET migration_name = 'renamed' WHERE migration_name = '20261125130010_init'`);
      try {
        await expect(openDatabase({ databaseUrl: null, dataDir })).rejects.toThrow(
          `(process ${other.pid}) has not applied the migrations 20261125130010_init: restart it`,
        );
      } finally {
        await server.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET migration_name = '20261125130010_init' WHERE migration_name = 'renamed'`);
      }
    });

    test('with a live holder serving no socket, it is refused as in use', async () => {
      const dir = newDataDir();
      writeFileSync(path.join(dir, 'pglite.lock'), String(other.pid));
      await expect(openDatabase({ databaseUrl: null, dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    });
  });
});

test('a script idle inside a transaction is cut off after the limit, rolled back, and the server carries on', async () => {
  const dataDir = newDataDir();
  const pglite = await PGlite.create();
  const socket = await serveDatabaseSocket(pglite, dataDir, { idleInTransactionMs: 300 });
  try {
    const client = await connect(dataDir);
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    await client.query('BEGIN');
    await client.query('CREATE TABLE left_open (id int)');
    const query = pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'left_open'`);
    expect((await query).rows).toEqual([{ n: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors[0]?.message).toBe('terminating connection: idle in a transaction for 0.3 s, which pauses the Latchkey server');
  } finally {
    await socket.close();
    await pglite.close();
  }
  expect(existsSync(databaseSocketPath(dataDir))).toBe(false);
});

