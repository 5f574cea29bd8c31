import type http from 'node:http';
import { getConfig } from '../config';
import { hookServerEvents } from './server-events';

// Which address a request comes from, for per-address rate limits and the devices page.
// `next start` passes a client's own X-Forwarded-For header through untouched (it only fills it
// in when absent), so without this anyone could claim any address and dodge per-address limits.
// Before Next.js sees a request, X-Forwarded-For is replaced by the one address we trust: the
// connection's peer, or with TRUST_PROXY_HOPS=n the entry the n-th nearest proxy appended.

/** The client address given the X-Forwarded-For header, the socket peer and the trusted hops. */
export function trustedClientAddress(forwardedFor: string | undefined, peer: string | undefined, trustedHops: number): string | undefined {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  // Nearest first: the peer, then what each trusted proxy says it saw, right to left.
  const chain = [peer, ...hops.reverse()];
  return chain[Math.min(trustedHops, chain.length - 1)] ?? undefined;
}

/** Rewrites X-Forwarded-For on every incoming request of this process's HTTP(S) servers. */
export function installTrustedClientAddress(): void {
  const { trustProxyHops } = getConfig();
  hookServerEvents('trusted client address', (_server, event, args) => {
    if (event !== 'request') return;
    const request = args[0] as http.IncomingMessage;
    const forwarded = request.headers['x-forwarded-for'];
    const address = trustedClientAddress(Array.isArray(forwarded) ? forwarded.join(',') : forwarded, request.socket.remoteAddress, trustProxyHops);
    if (address) request.headers['x-forwarded-for'] = address;
    else delete request.headers['x-forwarded-for'];
    delete request.headers['x-real-ip'];
  });
}
