import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db';

// Throttling (lib/auth/throttle.ts) for the integration tests: time and limits at will.

/** Moves every counted attempt back in time, as if that many seconds had passed. */
export async function letTimePass(seconds: number): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`UPDATE "ThrottleAttempt" SET "createdAt" = "createdAt" - make_interval(secs => ${seconds})`;
}

/** Runs `body` with some limits of the parsed config lowered. */
export async function withLimits(limits: { loginIpMaxAttempts?: number; signUpIpMax?: number }, body: () => Promise<void>): Promise<void> {
  const config = getConfig();
  const saved = { loginIpMaxAttempts: config.loginIpMaxAttempts, signUpIpMax: config.signUpIpMax };
  Object.assign(config, limits);
  try {
    await body();
  } finally {
    Object.assign(config, saved);
  }
}
