import http from 'node:http';
import net from 'node:net';

// A TCP proxy that a test can cut and restore, to take a database away from a running server and
// give it back. Cutting closes the listening socket (new connections are refused, as when the
// database host is down) and destroys every open connection; restoring listens again.
// Control: POST /cut, POST /restore, GET / (state) on the control port.

/** Starts the proxy; resolves once both ports listen. */
export async function startTcpProxy({ listenPort, target, controlPort }) {
  const open = new Set();
  let server = null;

  async function listen() {
    server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        open.add(socket);
        socket.on('close', () => open.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise((resolve, reject) => server.once('error', reject).listen(listenPort, '127.0.0.1', resolve));
  }

  async function cut() {
    const closing = server;
    server = null;
    for (const socket of open) socket.destroy();
    open.clear();
    if (closing) await new Promise((resolve) => closing.close(resolve));
  }

  await listen();
  const actions = { 'POST /cut': cut, 'POST /restore': () => (server ? undefined : listen()) };
  const control = http.createServer((request, response) => {
    const act = actions[`${request.method} ${request.url}`] ?? (() => undefined);
    Promise.resolve(act()).then(
      () => response.end(JSON.stringify({ connected: server !== null })),
      (error) => {
        response.statusCode = 500;
        response.end(String(error));
      },
    );
  });
  await new Promise((resolve) => control.listen(controlPort, '127.0.0.1', resolve));
  return {
    // The same as the control port's, for a test that runs the proxy in its own process.
    cut,
    restore: actions['POST /restore'],
    async close() {
      await cut();
      await new Promise((resolve) => control.close(resolve));
    },
  };
}
