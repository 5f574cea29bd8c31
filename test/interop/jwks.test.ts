import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, test, vi } from 'vitest';

// Another service verifies Latchkey's tokens without Latchkey's code: with PyJWT (HS256 with the
// shared secret; ES256/EdDSA with the key fetched from the JWKS URL by PyJWKClient) and with
// jose's createRemoteJWKSet. The tokens come from the token endpoint; the JWKS is served over
// real HTTP by the route handler.

const PYTHON = '/usr/bin/python3';
const pyjwtAvailable = spawnSync(PYTHON, ['-c', 'import jwt, cryptography']).status === 0;
if (!pyjwtAvailable) {
  const message = 'PyJWT (with cryptography) is not installed: the PyJWT interop tests are NOT running. apt-get install python3-jwt python3-cryptography';
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
}

const original = { ...process.env };
const servers: ReturnType<typeof createServer>[] = [];
afterAll(async () => {
  process.env = original;
  for (const server of servers) server.close();
  const { closeDatabase } = await import('@/lib/db');
  await closeDatabase();
});

async function setUp(alg: 'HS256' | 'ES256' | 'EdDSA') {
  vi.resetModules();
  process.env = { ...original, JWT_ALG: alg };
  const { ensureSigningKey } = await import('@/lib/auth/keys');
  const { ensureUser } = await import('@/lib/accounts/sign-up');
  const { POST } = await import('@/app/api/auth/token/route');
  const { GET } = await import('@/app/.well-known/jwks.json/route');
  const { getConfig } = await import('@/lib/config');
  await ensureSigningKey(() => {});
  const email = `interop-${alg.toLowerCase()}@example.com`;
  await ensureUser({ email, password: 'interop-password', role: 'USER' });

  const response = await POST(
    new Request('http://localhost:3000/api/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: email, password: 'interop-password' }),
    }),
  );
  expect(response.status).toBe(200);
  const { access_token: token } = (await response.json()) as { access_token: string };

  const server = createServer(async (_request, reply) => {
    const jwks = await GET();
    reply.writeHead(jwks.status, { 'content-type': 'application/json' }).end(await jwks.text());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return { token, jwksUrl, config: getConfig() };
}

// Asynchronous on purpose: PyJWKClient fetches the JWKS from this process's own HTTP server,
// which must keep answering while Python runs.
function pyjwt(script: string, ...args: string[]): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    execFile(PYTHON, ['-c', script, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status, out: `${stdout}${stderr}`.trim() });
    });
  });
}

const PY_HS256 = `import jwt, sys
print(jwt.decode(sys.argv[1], sys.argv[2], algorithms=["HS256"], audience="latchkey", issuer=sys.argv[3])["sub"])`;
const PY_JWKS = `import jwt, sys
key = jwt.PyJWKClient(sys.argv[2]).get_signing_key_from_jwt(sys.argv[1])
print(jwt.decode(sys.argv[1], key.key, algorithms=[sys.argv[4]], audience="latchkey", issuer=sys.argv[3])["sub"])`;

describe('HS256', () => {
  test.skipIf(!pyjwtAvailable)('PyJWT verifies a token from the token endpoint with the shared secret', async () => {
    const { token, config } = await setUp('HS256');
    const ok = await pyjwt(PY_HS256, token, config.jwtSecret, config.appUrl);
    expect(ok.out).toMatch(/^[0-9a-f-]{36}$/);
    expect((await pyjwt(PY_HS256, token, `${config.jwtSecret}x`, config.appUrl)).status).not.toBe(0);
  });

  test('the JWKS never holds the secret: only the public ES256 key of ID tokens', async () => {
    const { jwksUrl } = await setUp('HS256');
    const { keys } = (await (await fetch(jwksUrl)).json()) as { keys: Record<string, string>[] };
    expect(keys).toEqual([{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' }]);
  });
});

describe.each(['ES256', 'EdDSA'] as const)('%s', (alg) => {
  test.skipIf(!pyjwtAvailable)('PyJWT verifies with the key PyJWKClient fetched from the JWKS URL', async () => {
    const { token, jwksUrl, config } = await setUp(alg);
    const ok = await pyjwt(PY_JWKS, token, jwksUrl, config.appUrl, alg);
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toMatch(/^[0-9a-f-]{36}$/);
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect((await pyjwt(PY_JWKS, tampered, jwksUrl, config.appUrl, alg)).status).not.toBe(0);
  });

  test('jose.createRemoteJWKSet verifies it, and the key set holds no private parts', async () => {
    const { token, jwksUrl, config } = await setUp(alg);
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(jwksUrl)), {
      algorithms: [alg],
      issuer: config.appUrl,
      audience: 'latchkey',
    });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    const { keys } = (await (await fetch(jwksUrl)).json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });
});
