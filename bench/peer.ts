import pg from 'pg';
import { type BetterAuthOptions, betterAuth } from 'better-auth';
import { hashPassword as scryptHash, verifyPassword as scryptVerify } from 'better-auth/crypto';
import { getMigrations } from 'better-auth/db/migration';
import { interleave, median, opsPerSecond } from './stats';
import { releaseApp } from './release-app';

// Figure 7, run in a process of its own (bench/peer-figures.ts starts it): Latchkey beside Better
// Auth on one PostgreSQL database (DATABASE_URL), each with its own tables and migrations. The
// session check of every request (Latchkey's validateAccessToken; Better Auth's getSession,
// database-backed and with its cookie cache), sign-in, and each side's password hash alone.
// Latchkey's session cache is read from SESSION_CACHE_TTL once per process: the caller runs this
// once per setting; BENCH_PEER_ONLY=sessions measures the two database-backed checks alone.
// Prints one JSON object: { medians, samples, queries } (queries: round trips per operation).

const TRIAL_MS = Number(process.env.BENCH_TRIAL_MS ?? 1000);
// A sign-in takes a password hash's time (a quarter of a second at bcrypt's cost 12): longer trials.
const SIGN_IN_TRIAL_MS = Number(process.env.BENCH_SIGN_IN_TRIAL_MS ?? 3000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 7);
const PASSWORD = 'bench-password-123';

process.env.JWT_SECRET ??= 'e7sClTnK0xQvhCyhxuy3vb1EIMtuyReys4AkkyFMNlk';
process.env.APP_URL ??= 'http://localhost:3000';
// Production's cost, whatever the caller's environment: sign-in is compared as deployed.
process.env.BCRYPT_COST = '12';

// Every statement either side sends goes through a pg Client (Prisma's adapter and Better Auth's
// Kysely both use pg): counted here to say how many round trips an operation costs.
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
  statements++;
  return query.apply(this, args);
} as typeof query;

async function statementsPer(operation: () => Promise<unknown>, times: number): Promise<number> {
  const before = statements;
  for (let index = 0; index < times; index++) await operation();
  return (statements - before) / times;
}

/** Better Auth as its documentation sets it up: email and password, scrypt, its Kysely adapter on a pg Pool. */
function betterAuthOptions(pool: pg.Pool, cookieCache: boolean) {
  return {
    database: pool,
    secret: process.env.JWT_SECRET,
    baseURL: process.env.APP_URL,
    emailAndPassword: { enabled: true },
    session: { cookieCache: { enabled: cookieCache } },
  } satisfies BetterAuthOptions;
}

/** Signs up a Better Auth user; returns request headers with its session cookie, and with the cache cookie too. */
async function betterAuthSession(auth: ReturnType<typeof betterAuth<ReturnType<typeof betterAuthOptions>>>, email: string) {
  await auth.api.signUpEmail({ body: { email, password: PASSWORD, name: 'Bench' } });
  const { headers } = await auth.api.signInEmail({ body: { email, password: PASSWORD }, returnHeaders: true });
  const cookies = new Map(headers.getSetCookie().map((cookie) => cookie.split(';')[0]!.split(/=(.*)/s) as [string, string]));
  const header = (names: string[]) => new Headers({ cookie: names.map((name) => `${name}=${cookies.get(name)}`).join('; ') });
  return { token: header(['better-auth.session_token']), cached: header(['better-auth.session_token', 'better-auth.session_data']) };
}

async function main() {
  const { ensureUser } = await import('../lib/accounts/sign-up');
  const { signIn } = await import('../lib/accounts/sign-in');
  const { validateAccessToken } = await import('../lib/accounts/sessions');
  const { hashPassword, verifyPassword } = await import('../lib/auth/password');
  const email = `peer-${process.pid}-${Date.now()}@example.com`;

  await ensureUser({ email, password: PASSWORD, role: 'USER' });
  const latchkeySignIn = async () => {
    const result = await signIn({ email, password: PASSWORD }, { userAgent: 'bench', ip: null });
    if (!result.ok) throw new Error(`Latchkey sign-in failed: ${result.error}`);
    return result.tokens.accessToken;
  };
  const accessToken = await latchkeySignIn();
  if (!(await validateAccessToken(accessToken))) throw new Error('the Latchkey session does not validate');

  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const { runMigrations } = await getMigrations(betterAuthOptions(pool, false));
  await runMigrations();
  const databaseAuth = betterAuth(betterAuthOptions(pool, false));
  const cachedAuth = betterAuth(betterAuthOptions(pool, true));
  const cookies = await betterAuthSession(cachedAuth, email);
  const betterAuthSignIn = () => databaseAuth.api.signInEmail({ body: { email, password: PASSWORD } });
  const sessions = {
    latchkey: () => validateAccessToken(accessToken),
    betterAuth: () => databaseAuth.api.getSession({ headers: cookies.token }),
    betterAuthCookieCache: () => cachedAuth.api.getSession({ headers: cookies.cached }),
  };
  for (const [name, check] of Object.entries(sessions)) if ((await check())?.user.email !== email) throw new Error(`${name}: the session does not validate`);

  // Each side's password check alone, the very function its sign-in calls.
  const bcryptHash = await hashPassword(PASSWORD);
  const scryptHashed = await scryptHash(PASSWORD);
  const measures: Record<string, () => Promise<number>> = {
    latchkeySession: () => opsPerSecond(sessions.latchkey, TRIAL_MS),
    betterAuthSession: () => opsPerSecond(sessions.betterAuth, TRIAL_MS),
  };
  const queries: Record<string, number> = {
    latchkeySession: await statementsPer(sessions.latchkey, 200),
    betterAuthSession: await statementsPer(sessions.betterAuth, 200),
  };
  if (process.env.BENCH_PEER_ONLY !== 'sessions') {
    Object.assign(measures, {
      betterAuthCookieCache: () => opsPerSecond(sessions.betterAuthCookieCache, TRIAL_MS),
      latchkeySignIn: () => opsPerSecond(latchkeySignIn, SIGN_IN_TRIAL_MS, 1),
      betterAuthSignIn: () => opsPerSecond(betterAuthSignIn, SIGN_IN_TRIAL_MS, 1),
      bcrypt: () => opsPerSecond(() => verifyPassword(PASSWORD, bcryptHash), SIGN_IN_TRIAL_MS, 1),
      scrypt: () => opsPerSecond(() => scryptVerify({ hash: scryptHashed, password: PASSWORD }), SIGN_IN_TRIAL_MS, 1),
    });
    Object.assign(queries, {
      betterAuthCookieCache: await statementsPer(sessions.betterAuthCookieCache, 200),
      latchkeySignIn: await statementsPer(latchkeySignIn, 3),
      betterAuthSignIn: await statementsPer(betterAuthSignIn, 3),
    });
  }
  const samples = await interleave(TRIALS, measures);
  const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  process.stdout.write(`${JSON.stringify({ medians, samples, queries })}\n`);
  await pool.end();
  await releaseApp();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
