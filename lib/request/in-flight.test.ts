import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeConnections, requestsDrained, requestsInFlight, stopAccepting, trackRequests } from './in-flight';

// A real HTTP server whose /slow requests wait until the test lets them go, watched as Next.js's
// server is (lib/shutdown.ts). The steps run in order: the state is the process's.

let server: http.Server;
let port: number;
const waiting: (() => void)[] = [];

beforeAll(async () => {
  trackRequests();
  server = http.createServer((request, response) => {
    const answer = () => response.end('done');
    if (request.url === '/slow') waiting.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  closeConnections();
  server.close();
});

function get(path: string, agent: http.Agent): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection, body }));
      })
      .on('error', reject);
  });
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

test('requests in flight are counted and finish after stopAccepting; new connections are refused, open ones told to close', async () => {
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
  expect(await get('/fast', keepAlive)).toMatchObject({ status: 200, connection: 'keep-alive' });
  expect(requestsInFlight()).toBe(0);
  expect(await requestsDrained(10)).toBe(true);

  const slow = get('/slow', keepAlive);
  await until(() => waiting.length === 1);
  expect(requestsInFlight()).toBe(1);

  stopAccepting();
  await expect(get('/fast', new http.Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  // Not drained while the slow request runs: the wait ends at its bound.
  expect(await requestsDrained(50)).toBe(false);

  const drained = requestsDrained(5_000);
  waiting.shift()!();
  expect(await slow).toEqual({ status: 200, connection: 'keep-alive', body: 'done' });
  expect(await drained).toBe(true);
  expect(requestsInFlight()).toBe(0);

  // The client's open connection still carries a request; the answer tells it to close.
  expect(await get('/fast', keepAlive)).toEqual({ status: 200, connection: 'close', body: 'done' });
  keepAlive.destroy();
});
