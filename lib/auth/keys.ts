import 'server-only';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CryptoKey, type JWK, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8 } from 'jose';
import { type Config, ConfigError, getConfig } from '../config';
import { ensurePrivateDataDir } from '../db/data-dir';

// The keys access tokens are signed and verified with.
//  - HS256 (default): the shared JWT_SECRET. It is never published.
//  - As an OpenID Connect provider (lib/oauth/), Latchkey signs ID tokens and apps' access tokens
//    that apps verify with a published key: with ES256 or EdDSA the same keys, with HS256 a key
//    ring of its own, ES256, from ID_TOKEN_PRIVATE_KEYS or DATA_DIR/keys (getProviderKeyRing).
//  - ES256 / EdDSA: private keys from JWT_PRIVATE_KEYS, or else from DATA_DIR/keys (one JSON
//    file per key, the newest current). Every token names its key (`kid`, the RFC 7638
//    thumbprint); verification looks the kid up in this local set only, never in the token.
//    After a rotation the older keys keep verifying until every token they signed has expired,
//    then retire: they leave the set and the published JWKS.

export type AsymmetricAlg = 'ES256' | 'EdDSA';
type SigningKey = { alg: Config['jwtAlg']; kid?: string; key: CryptoKey };
export type KeyRing = {
  /** Names the set of keys (not the key material): it changes exactly when a key is added or retired. */
  id: string;
  signing: SigningKey;
  /** Verification keys by kid (asymmetric only). */
  byKid: Map<string, CryptoKey>;
  /** Public JWKs for /.well-known/jwks.json. */
  publicJwks: JWK[];
};

type StoredKey = { kid: string; alg: AsymmetricAlg; createdAt: string; privateJwk: JWK };

// How often a server re-reads its keys at the latest: stored keys retire with time, without a file
// changing. A change to DATA_DIR/keys (`npm run keys:rotate` in another process) is seen at once.
export const RELOAD_INTERVAL_MS = 60_000;
const CLOCK_TOLERANCE_MS = 30_000;

export function keysDir(config = getConfig()): string {
  return path.join(config.dataDir, 'keys');
}

type Purpose = 'access' | 'provider';
const caches = new Map<Purpose, { ring: Promise<KeyRing>; loadedAt: number; fingerprint: string }>();

/** The keys of Latchkey's own access tokens (JWT_ALG). */
export function getKeyRing(): Promise<KeyRing> {
  return cachedRing('access', getConfig());
}

/** The keys of ID tokens and apps' access tokens: always asymmetric, since apps verify them. */
export function getProviderKeyRing(): Promise<KeyRing> {
  const config = getConfig();
  return config.jwtAlg === 'HS256' ? cachedRing('provider', providerKeyConfig(config)) : getKeyRing();
}

/** With HS256, the provider's keys are read as if JWT_ALG were ES256 with ID_TOKEN_PRIVATE_KEYS. */
export function providerKeyConfig(config: Config): Config {
  return config.jwtAlg === 'HS256' ? { ...config, jwtAlg: 'ES256', jwtPrivateKeys: config.idTokenPrivateKeys } : config;
}

function cachedRing(purpose: Purpose, config: Config): Promise<KeyRing> {
  const fingerprint = `${config.jwtAlg}|${config.jwtSecret}|${config.jwtPrivateKeys}|${config.dataDir}|${storedKeysVersion(config)}`;
  const cache = caches.get(purpose);
  if (cache && cache.fingerprint === fingerprint && Date.now() - cache.loadedAt <= RELOAD_INTERVAL_MS) return cache.ring;
  const ring = loadKeyRing(config);
  caches.set(purpose, { ring, loadedAt: Date.now(), fingerprint });
  ring.catch(() => caches.delete(purpose));
  return ring;
}

// Adding or deleting a key file changes the folder's modification time: one stat per use of the
// keys tells a server that another process rotated them.
function storedKeysVersion(config: Config): number | null {
  if (config.jwtAlg === 'HS256' || config.jwtPrivateKeys) return null;
  try {
    return statSync(keysDir(config)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Drops the cached key ring, so the next use reads the keys again (an unknown kid, tests). */
export function forgetKeyRing(): void {
  caches.clear();
}

async function loadKeyRing(config: Config): Promise<KeyRing> {
  if (config.jwtAlg === 'HS256') {
    // Imported once: handed raw bytes, jose imports the key again on every verification, which
    // was half of its cost in a CPU profile.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(config.jwtSecret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    const id = `HS256:${createHash('sha256').update(config.jwtSecret).digest('base64url')}`;
    return { id, signing: { alg: 'HS256', key }, byKid: new Map(), publicJwks: [] };
  }
  const privateJwks = config.jwtPrivateKeys
    ? await parseEnvironmentKeys(config.jwtPrivateKeys, config.jwtAlg)
    : activeStoredKeys(config).map((stored) => stored.privateJwk);
  return buildRing(config.jwtAlg, privateJwks);
}

async function buildRing(alg: AsymmetricAlg, privateJwks: JWK[]): Promise<KeyRing> {
  const byKid = new Map<string, CryptoKey>();
  const publicJwks: JWK[] = [];
  let signing: SigningKey | undefined;
  for (const privateJwk of privateJwks) {
    const publicJwk = publicPart(privateJwk);
    const kid = await calculateJwkThumbprint(publicJwk);
    byKid.set(kid, (await importJWK(publicJwk, alg)) as CryptoKey);
    publicJwks.push({ ...publicJwk, kid, alg, use: 'sig' });
    signing ??= { alg, kid, key: (await importJWK(privateJwk, alg)) as CryptoKey };
  }
  if (!signing) throw new ConfigError([`JWT_ALG=${alg}: no signing key. Run npm run keys:generate, or set JWT_PRIVATE_KEYS`]);
  return { id: `${alg}:${[...byKid.keys()].join(',')}`, signing, byKid, publicJwks };
}

function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y }).filter(([, value]) => value !== undefined)) as JWK;
}

// JWT_PRIVATE_KEYS: one PEM (PKCS#8) or JWK, or a JSON array or JWK Set of them, current first.
async function parseEnvironmentKeys(value: string, alg: AsymmetricAlg): Promise<JWK[]> {
  const text = value.trim();
  try {
    if (text.startsWith('-----BEGIN')) return [await exportJWK(await importPKCS8(text, alg, { extractable: true }))];
    const parsed: unknown = JSON.parse(text);
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown }).keys ?? [parsed];
    if (!Array.isArray(list) || list.length === 0) throw new Error('no keys');
    for (const jwk of list as JWK[]) {
      if (!jwk.d) throw new Error('a key has no private part (d)');
      await importJWK(jwk, alg);
    }
    return list as JWK[];
  } catch (error) {
    throw new ConfigError([`JWT_PRIVATE_KEYS: not a ${alg} private key in PEM or JWK form (${(error as Error).message})`]);
  }
}

function readStoredKeys(config: Config): StoredKey[] {
  const dir = keysDir(config);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as StoredKey)
    .filter((stored) => stored.alg === config.jwtAlg)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * Stored keys still in use, newest (current) first. A key retires once every token it can have
 * signed has expired: the access-token lifetime after its successor appeared, plus the time a
 * server takes to notice the successor and the clock tolerance.
 */
export function activeStoredKeys(config = getConfig(), now = Date.now()): StoredKey[] {
  const keys = readStoredKeys(config);
  const keepFor = config.accessTokenTtl * 1000 + RELOAD_INTERVAL_MS + CLOCK_TOLERANCE_MS;
  return keys.filter((_, index) => index === 0 || now - Date.parse(keys[index - 1]!.createdAt) < keepFor);
}

/** Creates a key in DATA_DIR/keys; being the newest, it becomes current. */
export async function createStoredKey(alg: AsymmetricAlg, config = getConfig()): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const privateJwk = await exportJWK(privateKey);
  const stored: StoredKey = { kid: await calculateJwkThumbprint(publicPart(privateJwk)), alg, createdAt: new Date().toISOString(), privateJwk };
  const dir = keysDir(config);
  ensurePrivateDataDir(config.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, `${stored.createdAt.replace(/\D/g, '')}-${stored.kid}.json`), JSON.stringify(stored, null, 2), {
    flag: 'wx',
    mode: 0o600,
  });
  forgetKeyRing();
  return stored;
}

/** Deletes key files that have retired. Returns their kids. */
export function deleteRetiredKeys(config = getConfig()): string[] {
  const active = new Set(activeStoredKeys(config).map((stored) => stored.kid));
  const dir = keysDir(config);
  const retired: string[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
    const stored = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as StoredKey;
    if (stored.alg === config.jwtAlg && !active.has(stored.kid)) {
      unlinkSync(path.join(dir, name));
      retired.push(stored.kid);
    }
  }
  return retired;
}

/** At start-up: for each asymmetric key ring without a key anywhere, create the first key. */
export async function ensureSigningKey(log: (line: string) => void): Promise<void> {
  const config = getConfig();
  for (const [what, ringConfig] of [
    ['signing', config],
    ['ID token', providerKeyConfig(config)],
  ] as const) {
    if (ringConfig.jwtAlg !== 'HS256' && !ringConfig.jwtPrivateKeys && readStoredKeys(ringConfig).length === 0) {
      const stored = await createStoredKey(ringConfig.jwtAlg, ringConfig);
      log(`Created ${ringConfig.jwtAlg} ${what} key ${stored.kid} in ${keysDir(config)}`);
    }
  }
  const [ring, provider] = await Promise.all([getKeyRing(), getProviderKeyRing()]);
  log(`Access tokens signed with ${ring.signing.alg}${ring.signing.kid ? ` (key ${ring.signing.kid})` : ''}`);
  if (config.jwtAlg === 'HS256') log(`ID tokens signed with ${provider.signing.alg} (key ${provider.signing.kid})`);
}

/** Every public key apps and services may verify Latchkey's tokens with (RFC 7517), each once. */
export async function publishedKeys(): Promise<JWK[]> {
  const [ring, provider] = await Promise.all([getKeyRing(), getProviderKeyRing()]);
  const seen = new Set(ring.publicJwks.map((jwk) => jwk.kid));
  return [...ring.publicJwks, ...provider.publicJwks.filter((jwk) => !seen.has(jwk.kid))];
}
