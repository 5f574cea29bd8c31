import { type Row, type Timing, runLibScript } from './figures';

// Figure 7: Latchkey beside Better Auth on the same PostgreSQL database. bench/peer.ts measures in
// processes of its own; the notes say who wins each comparison and what the measurement shows of why.

type PeerRun = { medians: Record<string, number>; queries: Record<string, number> };

const BETTER_AUTH = 'Better Auth getSession';
const msPer = (perSecond: number) => 1000 / perSecond;
const oneDecimal = (value: number) => value.toFixed(1);

/** Who is faster, from the two sides' rates of the same operation. */
function verdict(latchkey: number, betterAuth: number): string {
  return latchkey >= betterAuth
    ? `Latchkey is ${oneDecimal(latchkey / betterAuth)}× as fast`
    : `Better Auth wins: ${oneDecimal(betterAuth / latchkey)}× as fast`;
}

export async function figurePeer(databaseUrl: string, timing: Timing): Promise<Row[]> {
  const run = (env: Record<string, string>) => runLibScript<PeerRun>('bench/peer.ts', timing, { DATABASE_URL: databaseUrl, ...env });
  // Latchkey reads SESSION_CACHE_TTL once per process: the product default (empty: unset), then 0.
  const { medians: m, queries: q } = await run({ SESSION_CACHE_TTL: '' });
  const { medians: u, queries: uq } = await run({ SESSION_CACHE_TTL: '0', BENCH_PEER_ONLY: 'sessions' });
  const row = (name: string, value: number, unit: string, reference: { name: string; value: number }, note: string, target = 'info', pass: boolean | null = null): Row => ({
    figure: '7',
    name,
    value,
    unit,
    reference,
    ratio: value / reference.value,
    target,
    pass,
    note,
  });
  const latchkeyDefault = { name: 'Latchkey validateAccessToken, default cache', value: m.latchkeySession! };
  const statements = (queries: Record<string, number>, name: string) => `${oneDecimal(queries[name]!)} statements`;
  const signIn = { latchkey: msPer(m.latchkeySignIn!), betterAuth: msPer(m.betterAuthSignIn!), bcrypt: msPer(m.bcrypt!), scrypt: msPer(m.scrypt!) };
  const rest = { latchkey: signIn.latchkey - signIn.bcrypt, betterAuth: signIn.betterAuth - signIn.scrypt };
  return [
    row(
      'session check per request, Latchkey validateAccessToken (default: SESSION_CACHE_TTL=2)',
      m.latchkeySession!,
      'ops/s',
      { name: `${BETTER_AUTH}, database-backed`, value: m.betterAuthSession! },
      `${verdict(m.latchkeySession!, m.betterAuthSession!)}. Per check (mean of 200): Latchkey ${statements(q, 'latchkeySession')} (its session and user are read once per 2 s and kept in memory), Better Auth ${statements(q, 'betterAuthSession')}`,
      '≥ 2.0',
      m.latchkeySession! / m.betterAuthSession! >= 2,
    ),
    row(
      'session check per request, Latchkey validateAccessToken read from the database (SESSION_CACHE_TTL=0)',
      u.latchkeySession!,
      'ops/s',
      { name: `${BETTER_AUTH}, database-backed`, value: u.betterAuthSession! },
      `Like for like: both read the session and its user from PostgreSQL on every check (measured in a process of its own). ${verdict(u.latchkeySession!, u.betterAuthSession!)}; per check Latchkey sends ${statements(uq, 'latchkeySession')}, Better Auth ${statements(uq, 'betterAuthSession')}`,
    ),
    row(
      'session check per request, Better Auth getSession with its cookie cache',
      m.betterAuthCookieCache!,
      'ops/s',
      latchkeyDefault,
      `${verdict(m.latchkeySession!, m.betterAuthCookieCache!)}; the cookie cache makes Better Auth's check ${oneDecimal(m.betterAuthCookieCache! / m.betterAuthSession!)}× as fast as its database-backed one, with ${statements(q, 'betterAuthCookieCache')} per check. Against Latchkey reading the database every time (SESSION_CACHE_TTL=0, ${Math.round(u.latchkeySession!)} ops/s in the second process), ${verdict(u.latchkeySession!, m.betterAuthCookieCache!)} (it sends ${statements(q, 'betterAuthCookieCache')} per check, Latchkey ${statements(uq, 'latchkeySession')}). The session comes from a signed cookie that the server trusts for 5 minutes by default: a revoked session stays usable that long where the cookie is held, against Latchkey's bound of SESSION_CACHE_TTL (2 s), sooner when the revocation is heard`,
    ),
    row('sign-in with email and password, Latchkey signIn', signIn.latchkey, 'ms per sign-in', { name: 'Better Auth signInEmail', value: signIn.betterAuth }, signInNote(signIn, rest, q)),
    row(
      'password check alone, Latchkey verifyPassword (bcryptjs, cost 12)',
      signIn.bcrypt,
      'ms',
      { name: 'Better Auth verifyPassword (scrypt, N=16384, r=16, p=1)', value: signIn.scrypt },
      `each side's default hash, through the function its sign-in calls: Latchkey's runs bcryptjs in a worker thread (at a lower OS priority), Better Auth's Node's scrypt in the libuv pool`,
    ),
  ];
}

function signInNote(signIn: Record<'latchkey' | 'betterAuth' | 'bcrypt' | 'scrypt', number>, rest: Record<'latchkey' | 'betterAuth', number>, q: Record<string, number>): string {
  const ms = (value: number) => `${oneDecimal(value)} ms`;
  // What Better Auth saves on the hash and on the rest: the larger share is the reason it wins.
  const hashGap = signIn.bcrypt - signIn.scrypt;
  const restGap = rest.latchkey - rest.betterAuth;
  const who =
    signIn.latchkey <= signIn.betterAuth
      ? 'Latchkey signs in faster'
      : `Better Auth wins sign-in, ${oneDecimal(signIn.latchkey / signIn.betterAuth)}× as fast, mostly because ${hashGap >= restGap ? `its password hash is cheaper (${ms(hashGap)} less)` : `the rest of its sign-in is cheaper (${ms(restGap)} less)`}`;
  const restVerdict = rest.latchkey <= rest.betterAuth ? 'Without the hash Latchkey is the cheaper' : 'Without the hash Better Auth is the cheaper too';
  return (
    `${who}. Latchkey ${ms(signIn.latchkey)} per sign-in, of which its bcrypt check (cost 12) alone takes ${ms(signIn.bcrypt)}, the rest ${ms(rest.latchkey)} ` +
    `(${oneDecimal(q.latchkeySignIn!)} statements: throttle claim and release, audit event, new-device check, session and refresh token in one transaction). ` +
    `Better Auth ${ms(signIn.betterAuth)}, of which its scrypt verify alone takes ${ms(signIn.scrypt)}, the rest ${ms(rest.betterAuth)} (${oneDecimal(q.betterAuthSignIn!)} statements). ${restVerdict}. One sign-in at a time, each side's own hash at its default`
  );
}
