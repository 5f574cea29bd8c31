import { getConfig } from '@/lib/config';

// The per-address limits are set out of reach for the tests (test/support/env.ts); tests of the
// limits themselves lower them for a while, from an address of their own.

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
