import http from 'node:http';
import https from 'node:https';

// Next.js keeps its HTTP server to itself. What Latchkey must see of every connection and request
// before Next.js does (the trusted client address, the requests in flight) it sees through one
// wrapper of Server.prototype.emit, installed once per process. Hooks run in the order they were
// added; one that returns false swallows the event. Kept on `process` so that every bundle Next.js
// loads shares them.

export type ServerEventHook = (server: http.Server, event: string | symbol, args: unknown[]) => boolean | void;

const hooks: Map<string, ServerEventHook> = ((process as unknown as Record<symbol, Map<string, ServerEventHook>>)[
  Symbol.for('latchkey.serverEventHooks')
] ??= new Map());

/** Adds `hook` to every event of this process's HTTP(S) servers, once per `name`. */
export function hookServerEvents(name: string, hook: ServerEventHook): void {
  if (hooks.has(name)) return;
  if (hooks.size === 0) wrapEmit();
  hooks.set(name, hook);
}

function wrapEmit(): void {
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit;
    Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      for (const hook of hooks.values()) if (hook(this, event, args) === false) return false;
      return Reflect.apply(emit, this, [event, ...args]) as boolean;
    } as typeof emit;
  }
}
