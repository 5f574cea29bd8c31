import net from 'node:net';
import { expect } from '@playwright/test';
import { ACCESS_COOKIE } from './cookies';

// What an attacker with curl would send, byte for byte, and what must never come back.

export type RawResponse = { status: number; headers: string; body: string };

/**
 * Sends bytes exactly as given (no URL normalisation, no header validation) and reads the answer.
 * Playwright and fetch would clean up `/_next/../dashboard` or refuse odd header bytes.
 */
export function rawRequest(baseURL: string | undefined, request: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(baseURL ?? '');
  return new Promise((resolve, reject) => {
    // write, not end: a half-closed socket lets the server drop a slow answer.
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    // A server may answer (431, say) and reset the connection before reading all we sent.
    socket.on('error', (error) => (chunks.length > 0 ? socket.destroy() : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.setTimeout(15_000, () => socket.destroy(new Error('raw request timed out')));
  });
}

/** A GET as raw HTTP/1.1 with the given target and extra header lines. */
export function rawGet(baseURL: string | undefined, target: string, headers: string[] = []): Promise<RawResponse> {
  const { host } = new URL(baseURL ?? '');
  const lines = [`GET ${target} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...headers, '', ''];
  return rawRequest(baseURL, lines.join('\r\n'));
}

export const accessCookieHeader = (token: string) => `Cookie: ${ACCESS_COOKIE}=${token}`;

/** Text only a signed-in user's dashboard shows. */
export const PROTECTED_MARKER = 'You are signed in.';

/** A protected page that did not render: a redirect to /login, or an error page, never the content. */
export function expectNotRendered(response: RawResponse, label: string): void {
  expect(response.status, `${label}: no server error`).toBeLessThan(500);
  expect(response.status, `${label}: answered`).toBeGreaterThan(0);
  expect(response.body, `${label}: protected content`).not.toContain(PROTECTED_MARKER);
}
