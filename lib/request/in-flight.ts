import type http from 'node:http';
import { hookServerEvents } from './server-events';

// What a graceful shutdown (lib/shutdown.ts) needs to know about this process's HTTP servers:
// which ones take connections, and how many requests are being answered. Next.js keeps its server
// to itself, so both are observed through its events (server-events.ts): a server is known from
// its first connection on (one without any has no request to finish). Kept on `process` so that
// every bundle Next.js loads sees the same state.

type InFlight = { servers: Set<http.Server>; requests: number; closing: boolean; drained: Set<() => void> };

const state: InFlight = ((process as unknown as Record<symbol, InFlight>)[Symbol.for('latchkey.inFlight')] ??= {
  servers: new Set(),
  requests: 0,
  closing: false,
  drained: new Set(),
});

/** Counts the requests in flight on this process's HTTP(S) servers from now on. */
export function trackRequests(): void {
  hookServerEvents('requests in flight', (server, event, args) => {
    if (event === 'connection') {
      state.servers.add(server);
      // Accepted by the kernel before the server closed, or the first connection of a server not
      // known when the shutdown began: turned away like one that came after.
      if (state.closing) {
        (args[0] as import('node:net').Socket).destroy();
        if (server.listening) server.close();
        return false;
      }
    }
    if (event === 'request') countRequest(args[1] as http.ServerResponse);
  });
}

function countRequest(response: http.ServerResponse): void {
  state.requests++;
  // The client should take its next request elsewhere: a keep-alive connection would bring it here.
  if (state.closing) response.setHeader('Connection', 'close');
  response.once('close', () => {
    state.requests--;
    if (state.requests === 0) for (const resolve of state.drained) resolve();
  });
}

export function requestsInFlight(): number {
  return state.requests;
}

/**
 * Stops taking connections: the listening sockets close (new connections are refused), idle
 * keep-alive connections close, and responses still to be sent ask the client to close.
 */
export function stopAccepting(): void {
  state.closing = true;
  for (const server of state.servers) {
    server.close();
    server.closeIdleConnections();
  }
}

/** Resolves true once no request is in flight, or false when `timeoutMs` passes first. */
export function requestsDrained(timeoutMs: number): Promise<boolean> {
  if (state.requests === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (drained: boolean) => {
      clearTimeout(timer);
      state.drained.delete(onDrained);
      resolve(drained);
    };
    const onDrained = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    state.drained.add(onDrained);
  });
}

/** Closes every connection left, with whatever request it still carries. */
export function closeConnections(): void {
  for (const server of state.servers) server.closeAllConnections();
}
