import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { getLogger } from '../log';
import type { Listener } from './listener';

// LISTEN on the embedded database, for the process that holds it. PGlite is one PostgreSQL
// session, shared with the scripts it serves on its socket (database-socket.ts); PostgreSQL sends a
// session the notifications it LISTENs for in the answer to the COMMIT that sent them. So once the
// session LISTENs, what this process's own transactions NOTIFY is heard through pglite.listen
// (PGlite parses its own answers), and what a script's transactions NOTIFY is found by the socket's
// turn queue in the script's answers, and handed to hear(). Either way, at commit, once.

export type EmbeddedListeners = {
  /** Hears what is committed on `channel`, by this process or a script on its socket, until stopped. */
  listen(channel: string, onNotification: (payload: string) => void): Listener;
  /** A notification found in a socket client's answers (serveDatabaseSocket's onNotification). */
  hear(channel: string, payload: string): void;
};

type Subscriber = { channel: string; onNotification: (payload: string) => void };

export function createEmbeddedListeners(pglite: PGlite, log = (line: string) => getLogger().error(line)): EmbeddedListeners {
  const subscribers = new Set<Subscriber>();
  return {
    listen(channel, onNotification) {
      const subscriber = { channel, onNotification };
      let listening = false;
      subscribers.add(subscriber);
      // Quoted as the PostgreSQL listener quotes it, so a channel is named the same on both.
      const heard = (payload: string) => {
        if (subscribers.has(subscriber)) onNotification(payload);
      };
      const started = pglite.listen(pg.escapeIdentifier(channel), heard).then(
        (unlisten) => {
          listening = subscribers.has(subscriber);
          return unlisten;
        },
        (error: unknown) => {
          subscribers.delete(subscriber);
          log(`Not listening on ${channel} (${error instanceof Error ? error.message : String(error)})`);
          return null;
        },
      );
      return {
        get listening() {
          return listening;
        },
        async stop() {
          subscribers.delete(subscriber);
          listening = false;
          const unlisten = await started;
          // The database may be closing beside this (a shutdown): the session ends with it anyway.
          await unlisten?.().catch(() => {});
        },
      };
    },
    hear(channel, payload) {
      for (const subscriber of subscribers) if (subscriber.channel === channel) subscriber.onNotification(payload);
    },
  };
}
