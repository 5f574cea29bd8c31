import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

// Each test loads the modules afresh under its own environment (JWT_ALG, keys, data folder).

const original = { ...process.env };
const claims = { userId: '4f1c2a8e-6b3d-4e7a-9c51-2d8f0b6a3e14', sessionId: 'b7e2d9c4-1a5f-4c86-8e3b-9f0a7d2c6b51', role: 'USER' as const };

async function load(env: Record<string, string>) {
  vi.resetModules();
  process.env = { ...original, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'latchkey-keys-')), ...env };
  const keys = await import('./keys');
  const tokens = await import('./tokens');
  const { getConfig } = await import('../config');
  return { keys, tokens, config: getConfig() };
}

/** A well-formed admin access token signed with a key of the attacker's choosing. */
function forgeAdminToken(issuer: string, header: { alg: string; kid: string }, key: Parameters<SignJWT['sign']>[0]) {
  return new SignJWT({ sid: claims.sessionId, role: 'ADMIN' })
    .setProtectedHeader({ ...header, typ: 'at+jwt' })
    .setSubject(claims.userId)
    .setIssuer(issuer)
    .setAudience('latchkey')
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('j')
    .sign(key);
}

beforeEach(() => vi.useRealTimers());
afterEach(() => {
  process.env = { ...original };
});

describe.each(['ES256', 'EdDSA'] as const)('%s keys in DATA_DIR', (alg) => {
  test('the first key is created at start-up; tokens carry its kid and verify', async () => {
    const { keys, tokens, config } = await load({ JWT_ALG: alg });
    await keys.ensureSigningKey(() => {});
    const token = await tokens.signAccessToken(claims);
    const header = decodeProtectedHeader(token);
    const ring = await keys.getKeyRing();
    expect(header).toEqual({ alg, typ: 'at+jwt', kid: ring.signing.kid });
    expect(await tokens.verifyAccessToken(token)).toMatchObject({ userId: claims.userId, sessionId: claims.sessionId });
    const [file] = readdirSync(keys.keysDir(config));
    expect(file).toMatch(new RegExp(`-${ring.signing.kid}\\.json$`));
  });

  test('the published key set has public parts only', async () => {
    const { keys } = await load({ JWT_ALG: alg });
    await keys.ensureSigningKey(() => {});
    const { publicJwks, signing } = await keys.getKeyRing();
    expect(publicJwks).toHaveLength(1);
    expect(publicJwks[0]).toMatchObject({ kid: signing.kid, alg, use: 'sig' });
    expect(Object.keys(publicJwks[0]!).sort()).toEqual(
      alg === 'ES256' ? ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'] : ['alg', 'crv', 'kid', 'kty', 'use', 'x'],
    );
  });

  test('a token naming an unknown kid, or signed by another key under a known kid, is refused', async () => {
    const { keys, tokens, config } = await load({ JWT_ALG: alg });
    await keys.ensureSigningKey(() => {});
    const { signing } = await keys.getKeyRing();
    const stranger = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
    const forge = (kid: string) => forgeAdminToken(config.appUrl, { alg, kid }, stranger.privateKey);
    expect(await tokens.verifyAccessToken(await forge('no-such-kid'))).toBeNull();
    expect(await tokens.verifyAccessToken(await forge(signing.kid!))).toBeNull();
  });
});

test('alg confusion: an HS256 token keyed with the public key or JWT_SECRET is refused under ES256', async () => {
  const { keys, tokens, config } = await load({ JWT_ALG: 'ES256' });
  await keys.ensureSigningKey(() => {});
  const { publicJwks } = await keys.getKeyRing();
  for (const secret of [JSON.stringify(publicJwks[0]), config.jwtSecret]) {
    const token = await forgeAdminToken(config.appUrl, { alg: 'HS256', kid: publicJwks[0]!.kid! }, new TextEncoder().encode(secret));
    expect(await tokens.verifyAccessToken(token)).toBeNull();
  }
});

test('HS256 publishes no keys and puts no kid in tokens', async () => {
  const { keys, tokens } = await load({ JWT_ALG: 'HS256' });
  await keys.ensureSigningKey(() => {});
  expect((await keys.getKeyRing()).publicJwks).toEqual([]);
  expect(decodeProtectedHeader(await tokens.signAccessToken(claims))).toEqual({ alg: 'HS256', typ: 'at+jwt' });
});

test('rotation: the new key signs, the old one verifies until its tokens have expired, then retires', async () => {
  const { keys, tokens, config } = await load({ JWT_ALG: 'ES256', ACCESS_TOKEN_TTL: '900' });
  const first = await keys.createStoredKey('ES256');
  const oldToken = await tokens.signAccessToken(claims);
  const second = await keys.createStoredKey('ES256');
  const newToken = await tokens.signAccessToken(claims);

  expect(decodeProtectedHeader(oldToken).kid).toBe(first.kid);
  expect(decodeProtectedHeader(newToken).kid).toBe(second.kid);
  expect(await tokens.verifyAccessToken(oldToken)).not.toBeNull();
  expect((await keys.getKeyRing()).publicJwks.map((jwk) => jwk.kid)).toEqual([second.kid, first.kid]);

  // Just inside and just past the old key's last possible token expiry.
  const successorAt = Date.parse(second.createdAt);
  const keepFor = 900_000 + keys.RELOAD_INTERVAL_MS + 30_000;
  expect(keys.activeStoredKeys(config, successorAt + keepFor - 1000).map((key) => key.kid)).toEqual([second.kid, first.kid]);
  expect(keys.activeStoredKeys(config, successorAt + keepFor + 1000).map((key) => key.kid)).toEqual([second.kid]);

  // Age both keys on disk, as if the old key's last tokens had expired: it retires.
  const dir = keys.keysDir(config);
  for (const name of readdirSync(dir)) {
    const stored = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    const age = keepFor + (stored.kid === first.kid ? 2000 : 1000);
    stored.createdAt = new Date(Date.now() - age).toISOString();
    writeFileSync(path.join(dir, name), JSON.stringify(stored));
  }
  expect(keys.deleteRetiredKeys(config)).toEqual([first.kid]);
  keys.forgetKeyRing();
  expect(await tokens.verifyAccessToken(oldToken)).toBeNull();
  expect(await tokens.verifyAccessToken(newToken)).not.toBeNull();
});

test('a rotation made by another process (npm run keys:rotate) signs and is published at the next use', async () => {
  const { keys, tokens } = await load({ JWT_ALG: 'ES256' });
  await keys.ensureSigningKey(() => {});
  const before = await keys.getKeyRing();
  // The script is another process: a module instance of its own, whose cache is not this one's.
  vi.resetModules();
  const rotated = await (await import('./keys')).createStoredKey('ES256');

  expect(decodeProtectedHeader(await tokens.signAccessToken(claims)).kid).toBe(rotated.kid);
  expect((await keys.getKeyRing()).publicJwks.map((jwk) => jwk.kid)).toEqual([rotated.kid, before.signing.kid]);
});

test('JWT_PRIVATE_KEYS takes a PKCS#8 PEM or a JWK list, the first one current', async () => {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const fromPem = await load({ JWT_ALG: 'ES256', JWT_PRIVATE_KEYS: pem });
  const pemToken = await fromPem.tokens.signAccessToken(claims);
  expect(await fromPem.tokens.verifyAccessToken(pemToken)).not.toBeNull();
  expect(readdirSync(fromPem.config.dataDir)).not.toContain('keys');

  const jwks = await Promise.all(
    [0, 1].map(async () => exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey)),
  );
  const fromList = await load({ JWT_ALG: 'EdDSA', JWT_PRIVATE_KEYS: JSON.stringify({ keys: jwks }) });
  const ring = await fromList.keys.getKeyRing();
  expect(ring.publicJwks).toHaveLength(2);
  expect(decodeProtectedHeader(await fromList.tokens.signAccessToken(claims)).kid).toBe(ring.publicJwks[0]!.kid);
});

test('a malformed or public-only environment key stops start-up with a message', async () => {
  const { keys } = await load({ JWT_ALG: 'ES256', JWT_PRIVATE_KEYS: '{"kty":"EC"}' });
  await expect(keys.getKeyRing()).rejects.toThrow(/JWT_PRIVATE_KEYS: not a ES256 private key/);
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicOnly = await load({ JWT_ALG: 'ES256', JWT_PRIVATE_KEYS: JSON.stringify(await exportJWK(publicKey)) });
  await expect(publicOnly.keys.getKeyRing()).rejects.toThrow(/no private part/);
});
