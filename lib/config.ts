import 'server-only';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDataDir } from './db/data-dir';
import { LOCALES, type Locale } from './i18n/locales';
import { LOG_LEVELS, type LogLevel } from './log';
import { secretWeakness } from './secret-weakness';

// Every setting is read here, once, and nowhere else. A bad value stops start-up with a
// message naming the variable (instrumentation.ts loads the config before the first request).

const SECRET_FILE = 'jwt-secret';

// Hosts that only this machine can reach. URL keeps IPv6 addresses in brackets.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const seconds = (fallback: number) => z.coerce.number().int().positive().max(10 * 365 * 24 * 3600).default(fallback);

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('0')
  .transform((value) => value === '1' || value === 'true');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  JWT_SECRET: z.string().optional(),
  JWT_ALG: z.enum(['HS256', 'ES256', 'EdDSA'], { error: 'must be HS256, ES256 or EdDSA' }).default('HS256'),
  // Once an alias of JWT_PRIVATE_KEYS, which takes the same values: refused by name, so a
  // deployment that still sets it is told what to rename rather than silently signing with DATA_DIR keys.
  JWT_PRIVATE_KEY: z.never({ error: 'renamed: set JWT_PRIVATE_KEYS instead (it takes one PEM or JWK too)' }).optional(),
  JWT_PRIVATE_KEYS: z.string().optional(),
  ID_TOKEN_PRIVATE_KEYS: z.string().optional(),
  MFA_ENCRYPTION_KEY: z.string().optional(),
  ACCESS_TOKEN_TTL: seconds(15 * 60),
  REFRESH_TOKEN_TTL: seconds(30 * 24 * 3600),
  SESSION_IDLE_TTL: seconds(7 * 24 * 3600),
  REFRESH_REUSE_GRACE: z.coerce.number().int().min(0).max(300, 'must be at most 300 seconds').default(10),
  SESSION_CACHE_TTL: z.coerce.number().int().min(0).max(60, 'must be at most 60 seconds').default(2),
  BCRYPT_COST: z.coerce.number().int().min(10, 'must be at least 10').max(15, 'must be at most 15').default(12),
  // One per core: the workers run at a lower priority (lib/auth/password-worker.mjs), so requests
  // of people already signed in go first and sign-ins use what they leave.
  PASSWORD_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  PASSWORD_QUEUE_LIMIT: z.coerce.number().int().min(0).max(10_000).default(32),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SEED_DEMO: flag,
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_WINDOW: seconds(15 * 60),
  LOGIN_IP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).default(50),
  SIGNUP_IP_MAX: z.coerce.number().int().min(1).max(100_000).default(10),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().regex(/@/, 'must be an address, like "Latchkey <no-reply@example.com>"').optional(),
  DEV_OUTBOX: flag,
  REQUIRE_EMAIL_VERIFICATION: flag,
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be ${LOG_LEVELS.slice(0, -1).join(', ')} or ${LOG_LEVELS.at(-1)}` }).default('info'),
  METRICS_TOKEN: z.string().optional(),
  DEFAULT_LOCALE: z.enum(LOCALES, { error: `must be ${LOCALES.join(' or ')}` }).default('en'),
});

/**
 * An OpenID Connect provider people may sign in with (lib/auth/oidc.ts). `id` names it in its
 * callback URL, APP_URL/auth/callback/<id>; `name` is the button's ("Continue with <name>").
 */
export type ProviderConfig = { id: string; name: string; issuer: string; clientId: string; clientSecret: string } & (
  | { kind: 'oidc' }
  // GitHub speaks OAuth 2.0 without OpenID Connect: its user and emails come from its REST API.
  | { kind: 'github'; apiUrl: string }
);

export type Config = {
  production: boolean;
  appUrl: string;
  /**
   * APP_URL is a loopback origin (localhost, 127.0.0.1, [::1]; the default): someone trying
   * Latchkey on their own machine. Only then are there demo accounts and a dev outbox by default.
   */
  localTrial: boolean;
  /** True when APP_URL is https: cookies get `Secure` and the `__Host-` prefix. */
  secureCookies: boolean;
  /** Signs access tokens when jwtAlg is HS256, and always keys refresh-token rotation. */
  jwtSecret: string;
  jwtAlg: 'HS256' | 'ES256' | 'EdDSA';
  /** Private signing keys from the environment (PEM or JWK; see lib/auth/keys.ts), if any. */
  jwtPrivateKeys: string | null;
  /** With HS256: the ES256 keys ID tokens and apps' access tokens are signed with, if set (lib/auth/keys.ts). */
  idTokenPrivateKeys: string | null;
  /** Keys the encryption of TOTP secrets at rest; null means "derive it from jwtSecret". */
  mfaEncryptionKey: string | null;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionIdleTtl: number;
  refreshReuseGrace: number;
  /** Seconds a process may trust a session it read from the database (changes by other processes); 0: always read. */
  sessionCacheTtl: number;
  bcryptCost: number;
  /** Worker threads that run bcrypt (lib/auth/password-pool.ts). */
  passwordWorkers: number;
  /** Password checks that may wait for a worker; past it, sign-in answers "busy, try again". */
  passwordQueueLimit: number;
  databaseUrl: string | null;
  dataDir: string;
  /** Seed the demo accounts: SEED_DEMO=1, or a local trial on the embedded database. */
  seedDemo: boolean;
  /** Failed sign-ins per email within loginWindow before further attempts are slowed down. */
  loginMaxAttempts: number;
  /** Seconds over which failed sign-ins (and sign-ups per address) are counted. */
  loginWindow: number;
  /** Failed sign-ins per client address, across all emails, within loginWindow. */
  loginIpMaxAttempts: number;
  /** Sign-ups per client address within an hour. */
  signUpIpMax: number;
  /** Reverse proxies in front of the server whose X-Forwarded-For entries are trusted. */
  trustProxyHops: number;
  /** Where mail goes; null keeps every mail in the database as the dev outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Whether /dev/outbox shows the mail: on a local trial, or with DEV_OUTBOX=1. */
  devOutbox: boolean;
  /** Unverified users may not open protected pages. */
  requireEmailVerification: boolean;
  /** The sign-in providers configured, in the order their buttons appear. */
  providers: ProviderConfig[];
  /** The least severe log lines written (lib/log.ts). */
  logLevel: LogLevel;
  /** The bearer token that opens /api/metrics; null: no metrics endpoint (404). */
  metricsToken: string | null;
  /** The language of a visitor whose browser asks for none Latchkey speaks (lib/i18n/resolve-locale.ts). */
  defaultLocale: Locale;
};


export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment into a Config. Pure except for the development secret file. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const vars = parsed.data;
  const mfaKeyProblem = vars.MFA_ENCRYPTION_KEY === undefined ? null : secretWeakness(vars.MFA_ENCRYPTION_KEY);
  if (mfaKeyProblem) throw new ConfigError([`MFA_ENCRYPTION_KEY: ${mfaKeyProblem}`]);
  // Anyone who guesses it reads the server's counters: it is held to the strength of the secrets.
  const metricsTokenProblem = vars.METRICS_TOKEN === undefined ? null : secretWeakness(vars.METRICS_TOKEN);
  if (metricsTokenProblem) throw new ConfigError([`METRICS_TOKEN: ${metricsTokenProblem}`]);
  const appUrl = new URL(vars.APP_URL ?? `http://localhost:${vars.PORT}`).origin;
  const secureCookies = appUrl.startsWith('https:');
  // Whatever NODE_ENV says: `next start` on a public address is reachable by anyone, so what only
  // a trial may have (accounts with a published password, everyone's mail) hangs on the address.
  const localTrial = LOOPBACK_HOSTS.has(new URL(appUrl).hostname);
  const databaseUrl = vars.DATABASE_URL ?? null;
  // `next start` always runs with NODE_ENV=production, also on a laptop. A deployment is one that
  // is reachable over https or keeps its data in a real database.
  const production = vars.NODE_ENV === 'production' && (secureCookies || databaseUrl !== null);
  const dataDir = path.resolve(vars.DATA_DIR);

  return {
    production,
    appUrl,
    localTrial,
    secureCookies,
    jwtSecret: resolveSecret(vars.JWT_SECRET, production, dataDir),
    jwtAlg: vars.JWT_ALG,
    jwtPrivateKeys: vars.JWT_PRIVATE_KEYS ?? null,
    idTokenPrivateKeys: vars.ID_TOKEN_PRIVATE_KEYS ?? null,
    mfaEncryptionKey: vars.MFA_ENCRYPTION_KEY ?? null,
    accessTokenTtl: vars.ACCESS_TOKEN_TTL,
    refreshTokenTtl: vars.REFRESH_TOKEN_TTL,
    sessionIdleTtl: vars.SESSION_IDLE_TTL,
    refreshReuseGrace: vars.REFRESH_REUSE_GRACE,
    sessionCacheTtl: vars.SESSION_CACHE_TTL,
    bcryptCost: vars.BCRYPT_COST,
    passwordWorkers: vars.PASSWORD_WORKERS,
    passwordQueueLimit: vars.PASSWORD_QUEUE_LIMIT,
    databaseUrl,
    dataDir,
    seedDemo: vars.SEED_DEMO || (localTrial && databaseUrl === null),
    loginMaxAttempts: vars.LOGIN_MAX_ATTEMPTS,
    loginWindow: vars.LOGIN_WINDOW,
    loginIpMaxAttempts: vars.LOGIN_IP_MAX_ATTEMPTS,
    signUpIpMax: vars.SIGNUP_IP_MAX,
    trustProxyHops: vars.TRUST_PROXY_HOPS,
    smtpUrl: vars.SMTP_URL ?? null,
    mailFrom: vars.MAIL_FROM ?? `Latchkey <no-reply@${new URL(appUrl).hostname}>`,
    devOutbox: vars.DEV_OUTBOX || localTrial,
    requireEmailVerification: vars.REQUIRE_EMAIL_VERIFICATION,
    providers: parseProviders(present),
    logLevel: vars.LOG_LEVEL,
    metricsToken: vars.METRICS_TOKEN ?? null,
    defaultLocale: vars.DEFAULT_LOCALE,
  };
}

const GOOGLE_ISSUER = 'https://accounts.google.com';
const MAX_OIDC_PROVIDERS = 9;

/**
 * GitHub (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET), Google (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET), then any OpenID Connect issuers: OIDC_ISSUER,
 * OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME for the first (id `oidc`), OIDC_2_ISSUER … for
 * the second (id `oidc-2`), up to OIDC_9_…. A provider is all its variables or none of them.
 */
function parseProviders(env: Record<string, string | undefined>): ProviderConfig[] {
  const providers: ProviderConfig[] = [];
  const problems: string[] = [];
  const github = readProvider(env, 'GITHUB_', ['CLIENT_ID', 'CLIENT_SECRET'], problems);
  if (github) {
    // GITHUB_URL and GITHUB_API_URL: GitHub Enterprise Server (or a stand-in on this machine).
    const web = providerUrl(env.GITHUB_URL ?? 'https://github.com', 'GITHUB_URL', problems);
    const api = providerUrl(env.GITHUB_API_URL ?? 'https://api.github.com', 'GITHUB_API_URL', problems);
    if (web && api) providers.push({ kind: 'github', id: 'github', name: 'GitHub', issuer: web.replace(/\/$/, ''), apiUrl: api.replace(/\/$/, ''), clientId: github.CLIENT_ID!, clientSecret: github.CLIENT_SECRET! });
  }
  const google = readProvider(env, 'GOOGLE_', ['CLIENT_ID', 'CLIENT_SECRET'], problems);
  if (google) providers.push({ kind: 'oidc', id: 'google', name: 'Google', issuer: GOOGLE_ISSUER, clientId: google.CLIENT_ID!, clientSecret: google.CLIENT_SECRET! });
  for (let n = 1; n <= MAX_OIDC_PROVIDERS; n++) {
    const prefix = n === 1 ? 'OIDC_' : `OIDC_${n}_`;
    const vars = readProvider(env, prefix, ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'NAME'], problems);
    if (!vars) continue;
    const issuer = providerUrl(vars.ISSUER!, `${prefix}ISSUER`, problems);
    if (issuer) providers.push({ kind: 'oidc', id: n === 1 ? 'oidc' : `oidc-${n}`, name: vars.NAME!, issuer, clientId: vars.CLIENT_ID!, clientSecret: vars.CLIENT_SECRET! });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return providers;
}

/** A provider's URL: https, or plain http on this machine only (a provider in a test, or beside a local trial). */
function providerUrl(value: string, name: string, problems: string[]): string | null {
  const url = z.url({ protocol: /^https?$/ }).safeParse(value);
  if (!url.success) problems.push(`${name}: must be an https:// URL`);
  else if (new URL(url.data).protocol === 'http:' && !LOOPBACK_HOSTS.has(new URL(url.data).hostname)) {
    problems.push(`${name}: must be https:// (http:// is accepted on localhost and 127.0.0.1 only)`);
  } else return url.data;
  return null;
}

/** The provider's variables when any is set; a missing one is a problem named after it. */
function readProvider(env: Record<string, string | undefined>, prefix: string, names: string[], problems: string[]): Record<string, string> | null {
  const values = Object.fromEntries(names.map((name) => [name, env[`${prefix}${name}`]]));
  if (Object.values(values).every((value) => value === undefined)) return null;
  const missing = names.filter((name) => values[name] === undefined);
  for (const name of missing) problems.push(`${prefix}${name}: required with ${names.filter((other) => !missing.includes(other)).map((other) => prefix + other).join(', ')}`);
  return missing.length === 0 ? (values as Record<string, string>) : null;
}

function resolveSecret(secret: string | undefined, production: boolean, dataDir: string): string {
  if (secret !== undefined) {
    const problem = secretWeakness(secret);
    if (problem) throw new ConfigError([`JWT_SECRET: ${problem}`]);
    return secret;
  }
  if (production) {
    throw new ConfigError([
      'JWT_SECRET: required in production. Generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"',
    ]);
  }
  return readOrCreateDevelopmentSecret(dataDir);
}

// Development keeps one random secret in the data folder so sessions survive restarts.
// The secret is written to a private temporary file and then hard-linked into place: link() is
// atomic and refuses to replace, so when two processes start at once both read one whole secret.
function readOrCreateDevelopmentSecret(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  ensurePrivateDataDir(dataDir);
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  const secret = readFileSync(file, 'utf8').trim();
  const problem = secretWeakness(secret);
  if (problem) throw new ConfigError([`${file}: ${problem}; delete the file to generate a new one`]);
  return secret;
}

let cached: Config | undefined;

/** The process's configuration, parsed from process.env on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
