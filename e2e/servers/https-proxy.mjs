import http from 'node:http';
import https from 'node:https';
import selfsigned from 'selfsigned';

// TLS in front of `next start` for the https journeys (e2e/security/*.https.spec.ts), as a
// deployment's load balancer would be: it keeps the Host header and adds X-Forwarded-Proto.
// The certificate is self-signed for localhost and made afresh at each start; no key is stored.
// Usage: node e2e/servers/https-proxy.mjs <https port> <upstream http port>

const [listenPort, upstreamPort] = process.argv.slice(2).map(Number);

const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
  keyType: 'ec',
  algorithm: 'sha256',
  notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
  extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
});

const server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: upstreamPort,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, 'x-forwarded-proto': 'https', 'x-forwarded-for': request.socket.remoteAddress },
    },
    (answer) => {
      // Raw headers keep every Set-Cookie line as it was sent.
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  request.pipe(upstream);
});

server.listen(listenPort, () => console.log(`https proxy on https://localhost:${listenPort} -> http://127.0.0.1:${upstreamPort}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
