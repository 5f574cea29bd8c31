import { createHmac, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';
import { interleave, median, opsPerSecond } from './stats';
import { releaseApp } from './release-app';

// Figure 2, run in a process of its own (bench/run.ts starts it): operations per second of
// verifying an access token, Latchkey's verify for a repeated and for a fresh token, side by side
// with jose alone, the raw HMAC-SHA256 floor and Auth.js's session decode. With DATABASE_URL it
// also measures the full session check (validateAccessToken) against that database.
// Prints one JSON object: { name: median ops/s } plus the samples.

const TRIAL_MS = Number(process.env.BENCH_TRIAL_MS ?? 1000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 7);

process.env.JWT_SECRET ??= 'e7sClTnK0xQvhCyhxuy3vb1EIMtuyReys4AkkyFMNlk';
process.env.APP_URL ??= 'http://localhost:3000';
process.env.BCRYPT_COST ??= '10';
const SECRET = new TextEncoder().encode(process.env.JWT_SECRET);
const OPTIONS = {
  algorithms: ['HS256'],
  typ: 'at+jwt',
  issuer: process.env.APP_URL,
  audience: 'latchkey',
  clockTolerance: 30,
  requiredClaims: ['sub', 'sid', 'role', 'jti', 'iat', 'exp'],
};

const opsPerTrial = (operation: () => unknown) => opsPerSecond(operation, TRIAL_MS);

/** The floor: what any HS256 verify must do at least. HMAC-SHA256, base64url, JSON.parse. */
function verifyRawHmac(token: string): unknown {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const expected = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
  JSON.parse(Buffer.from(header, 'base64url').toString());
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

async function main() {
  const { signAccessToken, verifyAccessToken } = await import('../lib/auth/tokens');
  const { encode, decode } = await import('@auth/core/jwt');
  const claims = { userId: crypto.randomUUID(), sessionId: crypto.randomUUID(), role: 'USER' as const };
  const token = await signAccessToken(claims);
  // Enough distinct tokens that none is verified twice in a trial (the cache holds 10,000).
  const freshCount = process.env.BENCH_ONLY ? 1 : Math.max(5_000, TRIAL_MS * 40);
  const fresh = await Promise.all(Array.from({ length: freshCount }, () => signAccessToken(claims)));
  let next = 0;
  const freshToken = () => fresh[next++ % fresh.length]!;
  const importedKey = await crypto.subtle.importKey('raw', SECRET, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const authSecret = process.env.JWT_SECRET!;
  const authJsToken = await encode({ token: { sub: claims.userId, email: 'bench@example.com' }, secret: authSecret, salt: 'authjs.session-token' });

  const measures: Record<string, () => Promise<number>> = {
    latchkeyRepeated: () => opsPerTrial(() => verifyAccessToken(token)),
    latchkeyFresh: () => opsPerTrial(() => verifyAccessToken(freshToken())),
    jose: () => opsPerTrial(() => jwtVerify(token, SECRET, OPTIONS)),
    joseImportedKey: () => opsPerTrial(() => jwtVerify(token, importedKey, OPTIONS)),
    hmacFloor: () => opsPerTrial(() => verifyRawHmac(token)),
    authJsDecode: () => opsPerTrial(() => decode({ token: authJsToken, secret: authSecret, salt: 'authjs.session-token' })),
  };
  if (process.env.DATABASE_URL) {
    const { signIn } = await import('../lib/accounts/sign-in');
    const { ensureUser } = await import('../lib/accounts/sign-up');
    const { validateAccessToken } = await import('../lib/accounts/sessions');
    const email = `verify-${Date.now()}@example.com`;
    await ensureUser({ email, password: 'bench-password-123', role: 'USER' });
    const signedIn = await signIn({ email, password: 'bench-password-123' }, { userAgent: 'bench', ip: null });
    if (!signedIn.ok) throw new Error('bench sign-in failed');
    const accessToken = signedIn.tokens.accessToken;
    if (!(await validateAccessToken(accessToken))) throw new Error('bench session does not validate');
    measures.validate = () => opsPerTrial(() => validateAccessToken(accessToken));
  }
  // BENCH_ONLY=validate: the session check alone (figure 5 compares it across databases).
  if (process.env.BENCH_ONLY) for (const name of Object.keys(measures)) if (name !== process.env.BENCH_ONLY) delete measures[name];
  const samples = await interleave(TRIALS, measures);
  const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  process.stdout.write(`${JSON.stringify({ medians, samples })}\n`);
  await releaseApp();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
