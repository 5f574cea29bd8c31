import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, parseConfig, type Config } from './config';
import { DataDirOwnerError } from './db/data-dir';
import { secretWeakness } from './secret-weakness';

const GOOD_SECRET = randomBytes(32).toString('base64url');

function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'latchkey-config-test-'));
}

/** parseConfig with a fresh DATA_DIR of its own, unless the test passes one. */
function parse(env: Record<string, string | undefined>): Config {
  return parseConfig({ DATA_DIR: freshDataDir(), ...env });
}

/** The ConfigError parseConfig throws for this env (fails the test when it does not throw one). */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parse(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    return error as ConfigError;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('defaults', () => {
  test('an empty environment gives the documented defaults', () => {
    const dataDir = freshDataDir();
    const config = parseConfig({ DATA_DIR: dataDir });
    expect(config).toEqual({
      smtpUrl: null,
      mailFrom: 'Latchkey <no-reply@localhost>',
      devOutbox: true,
      requireEmailVerification: false,
      providers: [],
      production: false,
      appUrl: 'http://localhost:3000',
      localTrial: true,
      secureCookies: false,
      jwtSecret: expect.any(String),
      jwtAlg: 'HS256',
      jwtPrivateKeys: null,
      idTokenPrivateKeys: null,
      mfaEncryptionKey: null,
      accessTokenTtl: 900,
      refreshTokenTtl: 2_592_000,
      sessionIdleTtl: 604_800,
      refreshReuseGrace: 10,
      sessionCacheTtl: 2,
      bcryptCost: 12,
      passwordWorkers: availableParallelism(),
      passwordQueueLimit: 32,
      databaseUrl: null,
      dataDir,
      logLevel: 'info',
      metricsToken: null,
      defaultLocale: 'en',
      seedDemo: true,
      loginMaxAttempts: 5,
      loginWindow: 900,
      loginIpMaxAttempts: 50,
      signUpIpMax: 10,
      trustProxyHops: 0,
    });
  });

  test('throttling limits and trusted proxy hops are configurable and bounded', () => {
    const config = parse({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW: '60', LOGIN_IP_MAX_ATTEMPTS: '7', SIGNUP_IP_MAX: '2', TRUST_PROXY_HOPS: '1' });
    expect(config).toMatchObject({ loginMaxAttempts: 3, loginWindow: 60, loginIpMaxAttempts: 7, signUpIpMax: 2, trustProxyHops: 1 });
    expect(() => parse({ LOGIN_MAX_ATTEMPTS: '0' })).toThrow(/LOGIN_MAX_ATTEMPTS/);
    expect(() => parse({ LOGIN_WINDOW: '-5' })).toThrow(/LOGIN_WINDOW/);
    expect(() => parse({ TRUST_PROXY_HOPS: '11' })).toThrow(/TRUST_PROXY_HOPS/);
  });

  test('session lifetimes and the reuse grace window are configurable and bounded', () => {
    const config = parse({ ACCESS_TOKEN_TTL: '5', SESSION_IDLE_TTL: '3600', REFRESH_REUSE_GRACE: '0' });
    expect(config.accessTokenTtl).toBe(5);
    expect(config.sessionIdleTtl).toBe(3600);
    expect(config.refreshReuseGrace).toBe(0);
    expect(() => parse({ REFRESH_REUSE_GRACE: '301' })).toThrow(/REFRESH_REUSE_GRACE: must be at most 300 seconds/);
    expect(() => parse({ SESSION_IDLE_TTL: '0' })).toThrow(/SESSION_IDLE_TTL/);
  });

  test('the session cache and the password pool are configurable and bounded', () => {
    const config = parse({ SESSION_CACHE_TTL: '0', PASSWORD_WORKERS: '3', PASSWORD_QUEUE_LIMIT: '0' });
    expect(config).toMatchObject({ sessionCacheTtl: 0, passwordWorkers: 3, passwordQueueLimit: 0 });
    expect(() => parse({ SESSION_CACHE_TTL: '61' })).toThrow(/SESSION_CACHE_TTL: must be at most 60 seconds/);
    expect(() => parse({ PASSWORD_WORKERS: '0' })).toThrow(/PASSWORD_WORKERS/);
  });

  test('JWT_ALG selects HS256, ES256 or EdDSA; private keys come from JWT_PRIVATE_KEYS', () => {
    expect(parse({ JWT_ALG: 'ES256' }).jwtAlg).toBe('ES256');
    expect(parse({ JWT_ALG: 'EdDSA', JWT_PRIVATE_KEYS: 'pem' }).jwtPrivateKeys).toBe('pem');
    expect(parse({ JWT_PRIVATE_KEYS: '[]' }).jwtPrivateKeys).toBe('[]');
    expect(() => parse({ JWT_ALG: 'RS256' })).toThrow(/JWT_ALG: must be HS256, ES256 or EdDSA/);
    // The old alias is refused by name, with what to set instead.
    expect(() => parse({ JWT_PRIVATE_KEY: 'pem' })).toThrow(/JWT_PRIVATE_KEY: renamed: set JWT_PRIVATE_KEYS instead/);
  });

  test('appUrl follows PORT when APP_URL is unset', () => {
    expect(parse({ PORT: '4000' }).appUrl).toBe('http://localhost:4000');
  });

  test('APP_URL wins over PORT and is reduced to its origin', () => {
    expect(parse({ PORT: '4000', APP_URL: 'https://auth.example.com/some/path?q=1' }).appUrl).toBe('https://auth.example.com');
    expect(parse({ APP_URL: 'HTTP://LOCALHOST:3000/' }).appUrl).toBe('http://localhost:3000');
  });

  test('explicit values are used', () => {
    const config = parse({ ACCESS_TOKEN_TTL: '60', REFRESH_TOKEN_TTL: '3600', BCRYPT_COST: '10', JWT_SECRET: GOOD_SECRET });
    expect(config.accessTokenTtl).toBe(60);
    expect(config.refreshTokenTtl).toBe(3600);
    expect(config.bcryptCost).toBe(10);
    expect(config.jwtSecret).toBe(GOOD_SECRET);
  });

  test('DATA_DIR is resolved to an absolute path', () => {
    const config = parseConfig({ DATA_DIR: path.relative(process.cwd(), freshDataDir()) });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  test('empty strings mean unset', () => {
    const config = parse({
      NODE_ENV: '',
      PORT: '',
      APP_URL: '',
      JWT_SECRET: '',
      ACCESS_TOKEN_TTL: '',
      REFRESH_TOKEN_TTL: '',
      BCRYPT_COST: '',
      DATABASE_URL: '',
      SEED_DEMO: '',
    });
    expect(config).toMatchObject({
      production: false,
      appUrl: 'http://localhost:3000',
      accessTokenTtl: 900,
      refreshTokenTtl: 2_592_000,
      sessionIdleTtl: 604_800,
      refreshReuseGrace: 10,
      bcryptCost: 12,
      databaseUrl: null,
      seedDemo: true,
    });
    // An empty JWT_SECRET is not a (weak) secret: the development secret is generated instead.
    expect(secretWeakness(config.jwtSecret)).toBeNull();
  });
});

describe('invalid values', () => {
  test('BCRYPT_COST=9 is rejected naming the variable', () => {
    const error = configError({ BCRYPT_COST: '9' });
    expect(error.message).toBe('Invalid configuration:\n  - BCRYPT_COST: must be at least 10');
  });

  test('BCRYPT_COST=16 and non-numbers are rejected', () => {
    expect(configError({ BCRYPT_COST: '16' }).message).toContain('BCRYPT_COST: must be at most 15');
    expect(configError({ BCRYPT_COST: 'twelve' }).message).toContain('BCRYPT_COST');
    expect(configError({ BCRYPT_COST: '10.5' }).message).toContain('BCRYPT_COST');
  });

  test('DATABASE_URL=mysql://x is rejected', () => {
    expect(configError({ DATABASE_URL: 'mysql://x' }).message).toBe(
      'Invalid configuration:\n  - DATABASE_URL: must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)',
    );
  });

  test('APP_URL=ftp://x is rejected', () => {
    expect(configError({ APP_URL: 'ftp://x' }).message).toBe(
      'Invalid configuration:\n  - APP_URL: must be an http:// or https:// URL',
    );
    expect(configError({ APP_URL: 'localhost:3000' }).message).toContain('APP_URL: must be an http:// or https:// URL');
    expect(configError({ APP_URL: 'javascript:alert(1)' }).message).toContain('APP_URL');
  });

  test('NODE_ENV, PORT and TTLs are validated', () => {
    expect(configError({ NODE_ENV: 'staging' }).message).toContain('NODE_ENV');
    expect(configError({ PORT: '70000' }).message).toContain('PORT');
    expect(configError({ PORT: '0' }).message).toContain('PORT');
    expect(configError({ ACCESS_TOKEN_TTL: '0' }).message).toContain('ACCESS_TOKEN_TTL');
    expect(configError({ REFRESH_TOKEN_TTL: '-1' }).message).toContain('REFRESH_TOKEN_TTL');
    expect(configError({ SEED_DEMO: 'yes' }).message).toContain('SEED_DEMO');
  });

  test('every problem is listed at once', () => {
    const message = configError({ BCRYPT_COST: '9', DATABASE_URL: 'mysql://x', APP_URL: 'ftp://x' }).message;
    expect(message).toContain('BCRYPT_COST');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('APP_URL');
    expect(message.split('\n')).toHaveLength(4);
  });
});

describe('production detection', () => {
  test('NODE_ENV=production with an https APP_URL is production, and JWT_SECRET is then required', () => {
    const error = configError({ NODE_ENV: 'production', APP_URL: 'https://auth.example.com' });
    expect(error.message).toMatch(/^Invalid configuration:\n {2}- JWT_SECRET: required in production\./);
    const config = parse({ NODE_ENV: 'production', APP_URL: 'https://auth.example.com', JWT_SECRET: GOOD_SECRET });
    expect(config.production).toBe(true);
    expect(config.jwtSecret).toBe(GOOD_SECRET);
  });

  test('NODE_ENV=production with a PostgreSQL DATABASE_URL is production', () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db:5432/latchkey' };
    expect(configError(env).message).toContain('JWT_SECRET: required in production');
    expect(parse({ ...env, JWT_SECRET: GOOD_SECRET }).production).toBe(true);
    expect(parse({ ...env, DATABASE_URL: 'postgresql://db/latchkey', JWT_SECRET: GOOD_SECRET }).production).toBe(true);
  });

  test('NODE_ENV=production on http://localhost with the embedded database is not production; a secret is generated', () => {
    const dataDir = freshDataDir();
    const config = parseConfig({ NODE_ENV: 'production', APP_URL: 'http://localhost:3000', DATA_DIR: dataDir });
    expect(config.production).toBe(false);
    expect(secretWeakness(config.jwtSecret)).toBeNull();
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(config.jwtSecret);
  });

  test('https or PostgreSQL without NODE_ENV=production is not production', () => {
    expect(parse({ APP_URL: 'https://auth.example.com' }).production).toBe(false);
    expect(parse({ NODE_ENV: 'test', DATABASE_URL: 'postgres://db/x' }).production).toBe(false);
  });

  test('a weak secret is rejected in production too', () => {
    expect(configError({ NODE_ENV: 'production', APP_URL: 'https://a.example', JWT_SECRET: 'secret' }).message).toContain(
      'JWT_SECRET: is a well-known example value',
    );
  });
});

describe('JWT_SECRET strength (the rules: lib/secret-weakness.test.ts)', () => {
  test.each(['secret', 'changeme', '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7'])('well-known %j is rejected', (secret) => {
    expect(configError({ JWT_SECRET: secret }).message).toBe(
      'Invalid configuration:\n  - JWT_SECRET: is a well-known example value; generate a random secret',
    );
  });

  test('a 31-byte random string is rejected as too short', () => {
    const base64url31 = randomBytes(24).toString('base64url').slice(0, 31);
    expect(configError({ JWT_SECRET: base64url31 }).message).toContain('JWT_SECRET: must be at least 32 bytes long');
  });

  test('low-entropy secrets of 32 bytes and more are rejected, each with its reason', () => {
    expect(configError({ JWT_SECRET: '0123456789abcdef0123456789abcdef' }).message).toBe(
      'Invalid configuration:\n  - JWT_SECRET: repeats a block of 16 characters; generate a random secret',
    );
    expect(configError({ JWT_SECRET: 'a'.repeat(64) }).message).toContain('JWT_SECRET: is too repetitive to be random');
    expect(configError({ JWT_SECRET: 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz' }).message).toContain(
      'JWT_SECRET: contains a run of 26 evenly spaced characters',
    );
  });

  test('a random secret of 32+ bytes is accepted', () => {
    for (const secret of [GOOD_SECRET, randomBytes(32).toString('hex'), randomBytes(48).toString('base64')]) {
      expect(secretWeakness(secret)).toBeNull();
      expect(parse({ JWT_SECRET: secret }).jwtSecret).toBe(secret);
    }
  });

  test('a given JWT_SECRET does not write a secret file', () => {
    const dataDir = freshDataDir();
    parseConfig({ JWT_SECRET: GOOD_SECRET, DATA_DIR: dataDir });
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('MFA_ENCRYPTION_KEY', () => {
  test('optional, and checked like JWT_SECRET when set', () => {
    expect(parse({}).mfaEncryptionKey).toBeNull();
    expect(parse({ MFA_ENCRYPTION_KEY: GOOD_SECRET }).mfaEncryptionKey).toBe(GOOD_SECRET);
    expect(configError({ MFA_ENCRYPTION_KEY: 'changeme' }).message).toContain('MFA_ENCRYPTION_KEY: is a well-known example value');
    expect(configError({ MFA_ENCRYPTION_KEY: 'too-short' }).message).toContain('MFA_ENCRYPTION_KEY: must be at least 32 bytes long');
    expect(configError({ MFA_ENCRYPTION_KEY: 'b'.repeat(40) }).message).toContain('MFA_ENCRYPTION_KEY: is too repetitive');
    expect(configError({ MFA_ENCRYPTION_KEY: '0123456789abcdef0123456789abcdef' }).message).toContain(
      'MFA_ENCRYPTION_KEY: repeats a block of 16 characters',
    );
  });
});

describe('DEFAULT_LOCALE', () => {
  test('is a language Latchkey speaks, English unless set', () => {
    expect(parse({}).defaultLocale).toBe('en');
    expect(parse({ DEFAULT_LOCALE: 'de' }).defaultLocale).toBe('de');
    expect(configError({ DEFAULT_LOCALE: 'fr' }).message).toBe('Invalid configuration:\n  - DEFAULT_LOCALE: must be en or de');
    expect(configError({ DEFAULT_LOCALE: 'de-DE' }).message).toContain('DEFAULT_LOCALE');
  });
});

describe('LOG_LEVEL', () => {
  test("pino's level names, info by default", () => {
    expect(parse({}).logLevel).toBe('info');
    expect(parse({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(parse({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(configError({ LOG_LEVEL: 'verbose' }).message).toBe(
      'Invalid configuration:\n  - LOG_LEVEL: must be fatal, error, warn, info, debug, trace or silent',
    );
    expect(configError({ LOG_LEVEL: 'INFO' }).message).toContain('LOG_LEVEL');
  });
});

describe('METRICS_TOKEN', () => {
  test('unset: no metrics endpoint; set: checked like JWT_SECRET', () => {
    expect(parse({}).metricsToken).toBeNull();
    expect(parse({ METRICS_TOKEN: GOOD_SECRET }).metricsToken).toBe(GOOD_SECRET);
    expect(configError({ METRICS_TOKEN: 'changeme' }).message).toContain('METRICS_TOKEN: is a well-known example value');
    expect(configError({ METRICS_TOKEN: 'metrics' }).message).toContain('METRICS_TOKEN: must be at least 32 bytes long');
  });
});

describe('secureCookies', () => {
  test('true only for https', () => {
    expect(parse({ APP_URL: 'https://auth.example.com' }).secureCookies).toBe(true);
    expect(parse({ APP_URL: 'http://auth.example.com' }).secureCookies).toBe(false);
    expect(parse({ APP_URL: 'http://localhost:3000' }).secureCookies).toBe(false);
    expect(parse({}).secureCookies).toBe(false);
  });
});

describe('development secret', () => {
  test('generated into DATA_DIR/jwt-secret with mode 0600', () => {
    const dataDir = freshDataDir();
    const config = parseConfig({ DATA_DIR: dataDir });
    const file = path.join(dataDir, 'jwt-secret');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(config.jwtSecret);
    expect(Buffer.from(config.jwtSecret, 'base64url')).toHaveLength(32);
    expect(secretWeakness(config.jwtSecret)).toBeNull();
    // The temporary draft file is cleaned up.
    expect(readdirSync(dataDir)).toEqual(['jwt-secret']);
  });

  test('the data folder is created (private) when it does not exist', () => {
    const dataDir = path.join(freshDataDir(), 'nested', 'data');
    const config = parseConfig({ DATA_DIR: dataDir });
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(config.jwtSecret);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  test('no secret is written to a data folder that belongs to another user', () => {
    // Root can give a folder away; any other user finds one that belongs to root.
    let dataDir = '/';
    if (process.getuid!() === 0) {
      dataDir = freshDataDir();
      chownSync(dataDir, 65534, 65534);
    }
    expect(() => parseConfig({ DATA_DIR: dataDir })).toThrow(DataDirOwnerError);
    expect(existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false);
  });

  test('the same value comes back on a second start with the same DATA_DIR', () => {
    const dataDir = freshDataDir();
    const first = parseConfig({ DATA_DIR: dataDir }).jwtSecret;
    const second = parseConfig({ DATA_DIR: dataDir }).jwtSecret;
    expect(second).toBe(first);
    expect(readdirSync(dataDir)).toEqual(['jwt-secret']);
  });

  test('a different DATA_DIR gets a different secret', () => {
    expect(parse({}).jwtSecret).not.toBe(parse({}).jwtSecret);
  });

  test('an existing secret file is used as-is (trimmed)', () => {
    const dataDir = freshDataDir();
    writeFileSync(path.join(dataDir, 'jwt-secret'), `${GOOD_SECRET}\n`);
    expect(parseConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(GOOD_SECRET);
  });

  test('a weak secret file is refused with a message naming the file', () => {
    const dataDir = freshDataDir();
    const file = path.join(dataDir, 'jwt-secret');
    writeFileSync(file, 'changeme');
    expect(() => parseConfig({ DATA_DIR: dataDir })).toThrow(ConfigError);
    expect(() => parseConfig({ DATA_DIR: dataDir })).toThrow(
      `${file}: is a well-known example value; generate a random secret; delete the file to generate a new one`,
    );
    writeFileSync(file, '0123456789abcdef0123456789abcdef');
    expect(() => parseConfig({ DATA_DIR: dataDir })).toThrow(
      `${file}: repeats a block of 16 characters; generate a random secret; delete the file to generate a new one`,
    );
  });
});

describe('local trial: demo accounts and the dev outbox', () => {
  const PUBLIC = { NODE_ENV: 'production', JWT_SECRET: GOOD_SECRET };

  test.each(['http://localhost:3000', 'https://localhost:8443', 'http://127.0.0.1:3000', 'https://127.0.0.1', 'http://[::1]:3000', 'https://[::1]:8443'])(
    'APP_URL %s is a local trial: demo accounts on the embedded database and the dev outbox, NODE_ENV=production too',
    (APP_URL) => {
      for (const NODE_ENV of ['production', 'development', 'test']) {
        expect(parse({ ...PUBLIC, NODE_ENV, APP_URL })).toMatchObject({ localTrial: true, seedDemo: true, devOutbox: true });
      }
    },
  );

  test('an unset APP_URL is http://localhost:$PORT: a fresh clone is a local trial', () => {
    expect(parse({ NODE_ENV: 'production', PORT: '4000' })).toMatchObject({ localTrial: true, seedDemo: true, devOutbox: true });
  });

  test.each(['https://auth.example.com', 'http://auth.example.com', 'http://192.0.2.10:3000', 'http://0.0.0.0:3000', 'http://localhost.example.com', 'http://[::]:3000'])(
    'APP_URL %s is not a local trial: no demo accounts, no dev outbox, whatever NODE_ENV',
    (APP_URL) => {
      for (const NODE_ENV of ['production', 'development', 'test']) {
        expect(parse({ ...PUBLIC, NODE_ENV, APP_URL })).toMatchObject({ localTrial: false, seedDemo: false, devOutbox: false });
      }
    },
  );

  test('SEED_DEMO=1 and DEV_OUTBOX=1 ask for them anywhere, each on its own', () => {
    const APP_URL = 'https://auth.example.com';
    expect(parse({ ...PUBLIC, APP_URL, SEED_DEMO: '1' })).toMatchObject({ seedDemo: true, devOutbox: false });
    expect(parse({ ...PUBLIC, APP_URL, DEV_OUTBOX: '1' })).toMatchObject({ seedDemo: false, devOutbox: true });
    expect(parse({ ...PUBLIC, APP_URL, SEED_DEMO: '0', DEV_OUTBOX: '0' })).toMatchObject({ seedDemo: false, devOutbox: false });
  });

  test('the embedded database is seeded on a local trial whatever SEED_DEMO says', () => {
    expect(parse({}).seedDemo).toBe(true);
    expect(parse({ SEED_DEMO: '0' }).seedDemo).toBe(true);
  });

  test('PostgreSQL gets the dev outbox on a local trial, but demo accounts only with SEED_DEMO=1', () => {
    const DATABASE_URL = 'postgres://u:p@localhost:5432/latchkey';
    expect(parse({ DATABASE_URL })).toMatchObject({ localTrial: true, seedDemo: false, devOutbox: true });
    expect(parse({ DATABASE_URL, SEED_DEMO: '1' }).seedDemo).toBe(true);
  });

  test('PostgreSQL: no demo accounts unless SEED_DEMO=1', () => {
    const DATABASE_URL = 'postgres://u:p@db:5432/latchkey';
    expect(parse({ DATABASE_URL }).seedDemo).toBe(false);
    expect(parse({ DATABASE_URL, SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(parse({ DATABASE_URL, SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(parse({ DATABASE_URL, SEED_DEMO: '1' }).seedDemo).toBe(true);
    expect(parse({ DATABASE_URL, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(parse({ DATABASE_URL }).databaseUrl).toBe(DATABASE_URL);
  });
});

describe('mail', () => {
  test('SMTP_URL must be smtp:// or smtps://; MAIL_FROM defaults to no-reply at the APP_URL host', () => {
    expect(parse({ SMTP_URL: 'smtps://user:pass@mail.example.com:465' }).smtpUrl).toBe('smtps://user:pass@mail.example.com:465');
    expect(configError({ SMTP_URL: 'http://mail.example.com' }).message).toContain('SMTP_URL: must be an smtp:// or smtps:// URL');
    expect(parse({ APP_URL: 'https://auth.example.com', JWT_SECRET: GOOD_SECRET }).mailFrom).toBe('Latchkey <no-reply@auth.example.com>');
    expect(parse({ MAIL_FROM: 'Acme <auth@acme.test>' }).mailFrom).toBe('Acme <auth@acme.test>');
    expect(configError({ MAIL_FROM: 'nobody' }).message).toContain('MAIL_FROM');
  });


  test('REQUIRE_EMAIL_VERIFICATION is a flag, off by default', () => {
    expect(parse({}).requireEmailVerification).toBe(false);
    expect(parse({ REQUIRE_EMAIL_VERIFICATION: '1' }).requireEmailVerification).toBe(true);
    expect(configError({ REQUIRE_EMAIL_VERIFICATION: 'yes' }).message).toContain('REQUIRE_EMAIL_VERIFICATION');
  });
});

describe('sign-in providers', () => {
  const OIDC = { OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'latchkey', OIDC_CLIENT_SECRET: 'client-secret', OIDC_NAME: 'Example ID' };

  test('none unless configured; Google and numbered OpenID Connect issuers in order', () => {
    expect(parse({}).providers).toEqual([]);
    expect(
      parse({
        GOOGLE_CLIENT_ID: 'g-id',
        GOOGLE_CLIENT_SECRET: 'g-secret',
        ...OIDC,
        OIDC_2_ISSUER: 'https://sso.example.org/realms/staff',
        OIDC_2_CLIENT_ID: 'staff',
        OIDC_2_CLIENT_SECRET: 'staff-secret',
        OIDC_2_NAME: 'Staff SSO',
      }).providers,
    ).toEqual([
      { kind: 'oidc', id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'g-id', clientSecret: 'g-secret' },
      { kind: 'oidc', id: 'oidc', name: 'Example ID', issuer: 'https://id.example.com', clientId: 'latchkey', clientSecret: 'client-secret' },
      { kind: 'oidc', id: 'oidc-2', name: 'Staff SSO', issuer: 'https://sso.example.org/realms/staff', clientId: 'staff', clientSecret: 'staff-secret' },
    ]);
  });

  test('GitHub, with GitHub Enterprise Server (or a stand-in on this machine) by GITHUB_URL and GITHUB_API_URL', () => {
    const github = { GITHUB_CLIENT_ID: 'gh-id', GITHUB_CLIENT_SECRET: 'gh-secret' };
    expect(parse(github).providers).toEqual([
      { kind: 'github', id: 'github', name: 'GitHub', issuer: 'https://github.com', apiUrl: 'https://api.github.com', clientId: 'gh-id', clientSecret: 'gh-secret' },
    ]);
    expect(parse({ ...github, GITHUB_URL: 'https://git.example.com/', GITHUB_API_URL: 'https://git.example.com/api/v3' }).providers[0]).toMatchObject({
      issuer: 'https://git.example.com',
      apiUrl: 'https://git.example.com/api/v3',
    });
    expect(configError({ ...github, GITHUB_URL: 'http://git.example.com' }).message).toContain('GITHUB_URL: must be https://');
  });

  test('a provider is all its variables or none, and the message names what is missing', () => {
    expect(configError({ GOOGLE_CLIENT_ID: 'g-id' }).message).toContain('GOOGLE_CLIENT_SECRET: required with GOOGLE_CLIENT_ID');
    expect(configError({ ...OIDC, OIDC_NAME: '' }).message).toContain('OIDC_NAME: required with OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET');
    expect(configError({ OIDC_3_ISSUER: 'https://x.example' }).message).toContain('OIDC_3_CLIENT_ID: required with OIDC_3_ISSUER');
  });

  test('an issuer must be https, except on loopback', () => {
    expect(configError({ ...OIDC, OIDC_ISSUER: 'http://id.example.com' }).message).toContain('OIDC_ISSUER: must be https://');
    expect(configError({ ...OIDC, OIDC_ISSUER: 'not a url' }).message).toContain('OIDC_ISSUER: must be an https:// URL');
    expect(parse({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:4000' }).providers[0]?.issuer).toBe('http://127.0.0.1:4000');
  });
});
