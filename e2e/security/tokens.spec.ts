import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { CompactEncrypt, SignJWT, exportJWK } from 'jose';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USER } from '../helpers/accounts';
import { PROTECTED_MARKER, accessCookieHeader, expectNotRendered, rawGet } from '../helpers/raw-http';
import { apiSignIn, serverSecret } from '../helpers/tokens';

// Every published way to forge or bend a JWT, against the running server: each forged token must
// behave like no token at all: a redirect to /login for a page, 401 for the API, never a 500.
// The baseline proves the server accepts a token we sign ourselves with its secret, so each
// forgery fails because of its one defect, not because our signing is wrong.

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmac = (algorithm: string, key: Uint8Array, input: string) => createHmac(algorithm, key).update(input).digest('base64url');

/** A compact JWS with exactly this header and payload, HMAC-signed with `key`. */
function signRaw(header: Record<string, unknown>, payload: Record<string, unknown>, key: Uint8Array, algorithm = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${hmac(algorithm, key, input)}`;
}

type Forgery = { name: string; token: string };

async function forgeries(claims: Record<string, unknown>): Promise<{ baseline: string; forged: Forgery[] }> {
  const secret = serverSecret();
  const attacker = randomBytes(32);
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'at+jwt' };
  const valid = { ...claims, iat: now, exp: now + 600, jti: crypto.randomUUID() };
  const without = (name: string) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== name));
  const baseline = signRaw(header, valid, secret);
  const [head, body, signature] = baseline.split('.') as [string, string, string];
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const forged: Forgery[] = [
    ...['none', 'None', 'NONE', 'nOnE'].map((alg) => ({ name: `alg ${alg}`, token: `${b64({ alg, typ: 'at+jwt' })}.${body}.` })),
    { name: 'HS256 with another secret', token: signRaw(header, valid, attacker) },
    { name: 'HS384 with our secret', token: signRaw({ ...header, alg: 'HS384' }, valid, secret, 'sha384') },
    { name: 'HS512 with our secret', token: signRaw({ ...header, alg: 'HS512' }, valid, secret, 'sha512') },
    // Algorithm confusion: "RS256", HMAC-signed with the secret (or a public key) as if it were a public key.
    { name: 'RS256 header, HMAC with our secret', token: signRaw({ ...header, alg: 'RS256' }, valid, secret) },
    { name: 'RS256 header, HMAC with an RSA public key', token: signRaw({ ...header, alg: 'RS256' }, valid, new TextEncoder().encode(rsaPem)) },
    { name: 'tampered header', token: `${b64({ ...header, typ: 'JWT' })}.${body}.${signature}` },
    { name: 'tampered payload (role ADMIN)', token: `${head}.${b64({ ...valid, role: 'ADMIN' })}.${signature}` },
    { name: 'tampered signature', token: `${head}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}` },
    { name: 'stripped signature', token: `${head}.${body}.` },
    { name: 'crit header', token: signRaw({ ...header, crit: ['x-latchkey'], 'x-latchkey': 1 }, valid, secret) },
    { name: 'embedded jwk (attacker key)', token: signRaw({ ...header, jwk: { kty: 'oct', k: Buffer.from(attacker).toString('base64url') } }, valid, attacker) },
    { name: 'jku header (attacker key)', token: signRaw({ ...header, jku: 'https://evil.example/jwks.json' }, valid, attacker) },
    { name: 'x5u header (attacker key)', token: signRaw({ ...header, x5u: 'https://evil.example/cert.pem' }, valid, attacker) },
    { name: 'x5c header (attacker key)', token: signRaw({ ...header, x5c: ['MIIB'] }, valid, attacker) },
    { name: 'unknown kid, our secret', token: signRaw({ ...header, kid: 'attacker-key' }, valid, secret) },
    { name: 'missing iss', token: signRaw(header, without('iss'), secret) },
    { name: 'wrong iss', token: signRaw(header, { ...valid, iss: 'https://evil.example' }, secret) },
    { name: 'missing aud', token: signRaw(header, without('aud'), secret) },
    { name: 'wrong aud', token: signRaw(header, { ...valid, aud: 'another-service' }, secret) },
    { name: 'missing exp', token: signRaw(header, without('exp'), secret) },
    { name: 'expired', token: signRaw(header, { ...valid, iat: now - 7200, exp: now - 3600 }, secret) },
    { name: 'nbf in the future', token: signRaw(header, { ...valid, nbf: now + 3600 }, secret) },
    { name: 'iat far in the future', token: signRaw(header, { ...valid, iat: now + 86_400, exp: now + 90_000 }, secret) },
    { name: 'typ JWT instead of at+jwt', token: signRaw({ ...header, typ: 'JWT' }, valid, secret) },
    { name: 'longer than 8 KB', token: signRaw(header, { ...valid, pad: 'x'.repeat(9000) }, secret) },
    // Signed with our secret, but the claims have the wrong shape: the ids are looked up in uuid
    // columns, where a sid that is not a UUID used to fail the page with a 500.
    { name: 'sid not a UUID', token: signRaw(header, { ...valid, sid: 'not-a-uuid' }, secret) },
    { name: 'sid and sub not UUIDs', token: signRaw(header, { ...valid, sid: 'session-1', sub: 'user-1' }, secret) },
    { name: 'sub not a UUID', token: signRaw(header, { ...valid, sub: 'not-a-uuid' }, secret) },
    { name: 'sid a number', token: signRaw(header, { ...valid, sid: 42 }, secret) },
    { name: 'sid an array', token: signRaw(header, { ...valid, sid: [claims.sid] }, secret) },
    { name: 'role outside the enum', token: signRaw(header, { ...valid, role: 'SUPERUSER' }, secret) },
    { name: 'missing jti', token: signRaw(header, without('jti'), secret) },
    { name: 'empty jti', token: signRaw(header, { ...valid, jti: '' }, secret) },
    {
      name: 'JWE encrypted with our secret',
      token: await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(valid)))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: 'at+jwt' })
        .encrypt(secret.slice(0, 32)),
    },
    {
      name: 'signed by jose with an attacker RSA key',
      token: await (async () => {
        const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return new SignJWT(valid).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', jwk: await exportJWK(pair.publicKey) }).sign(pair.privateKey);
      })(),
    },
  ];
  return { baseline, forged };
}

test.describe('forged access tokens', () => {
  let baseline = '';
  let forged: Forgery[] = [];
  let refreshToken = '';

  test.beforeAll(async ({ request }) => {
    const signedIn = await apiSignIn(request, DEMO_USER, DEMO_PASSWORD);
    refreshToken = signedIn.refreshToken;
    ({ baseline, forged } = await forgeries(signedIn.payload));
  });

  test('baseline: a token we sign with the server secret is accepted (page and API)', async ({ baseURL }) => {
    const page = await rawGet(baseURL, '/dashboard', [accessCookieHeader(baseline)]);
    expect(page.status).toBe(200);
    expect(page.body).toContain(PROTECTED_MARKER);
    const api = await rawGet(baseURL, '/api/users/me', [`Authorization: Bearer ${baseline}`]);
    expect(api.status).toBe(200);
  });

  test('every forgery is treated as signed out: /dashboard redirects to /login', async ({ baseURL }) => {
    for (const { name, token } of forged) {
      const response = await rawGet(baseURL, '/dashboard', [accessCookieHeader(token)]);
      expectNotRendered(response, name);
      expect(response.status, name).toBe(307);
      expect(response.headers, name).toMatch(/\r\nlocation: [^\r]*\/login\?next=%2Fdashboard/i);
    }
  });

  test('every forgery gets 401 invalid_token from the API', async ({ baseURL }) => {
    for (const { name, token } of forged) {
      const response = await rawGet(baseURL, '/api/users/me', [`Authorization: Bearer ${token}`]);
      expect(response.status, name).toBe(401);
      expect(response.body, name).toContain('"error":"invalid_token"');
    }
  });

  test('a refresh token presented as an access token is refused', async ({ baseURL }) => {
    expect((await rawGet(baseURL, '/api/users/me', [`Authorization: Bearer ${refreshToken}`])).status).toBe(401);
    const page = await rawGet(baseURL, '/dashboard', [accessCookieHeader(refreshToken)]);
    expectNotRendered(page, 'refresh token as access cookie');
    expect(page.status).toBe(307);
  });
});
