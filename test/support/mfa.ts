import { Secret, TOTP } from 'otpauth';
import { enableMfa, getMfaSettings, startMfaSetup } from '@/lib/accounts/two-factor-settings';
import { createSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import type { ClientInfo } from '@/lib/request/client-info';
import { getDb } from '@/lib/db';
import { password } from './accounts';

// Two-factor helpers for the integration and API tests: an authenticator app in a few lines.

/** The code an authenticator app shows `steps` 30-second steps from now. */
export function totpCode(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + steps * 30_000 });
}

/** A 6-digit code that is none of the codes accepted now (the current step and one either side). */
export function wrongTotpCode(secret: string): string {
  const accepted = new Set([-1, 0, 1].map((steps) => totpCode(secret, steps)));
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}

/**
 * Turns two-factor authentication on for a user as the settings page does, from a session just
 * signed in (so no password is asked again), confirming with the previous step's code so the
 * current and the next step stay free for the test.
 */
export async function turnOnMfa(user: { id: string; email: string }): Promise<{ secret: string; recoveryCodes: string[] }> {
  const client = { userAgent: 'setup', ip: null };
  const db = await getDb();
  const tokens = await db.$transaction((tx) => createSession(tx, { id: user.id, role: 'USER' }, client, ['pwd']));
  const session = await validateAccessToken(tokens.accessToken);
  if (!session) throw new Error('the setup session is not valid');
  await startMfaSetup(user.id);
  const settings = await getMfaSettings(user);
  if (settings.state !== 'setting_up') throw new Error(`expected a secret being set up, got ${settings.state}`);
  const enabled = await enableMfa(session, { code: totpCode(settings.secret, -1), password: '' }, client);
  if (!enabled.ok) throw new Error(`enabling MFA failed: ${enabled.error}`);
  return { secret: settings.secret, recoveryCodes: enabled.recoveryCodes };
}

/** The first step of signing in with the password; it must stop at the second factor. Returns the challenge. */
export async function challengeFor(email: string, client: ClientInfo): Promise<string> {
  const result = await signIn({ email, password }, client);
  if (result.ok || result.error !== 'mfa_required') throw new Error(`expected mfa_required, got ${JSON.stringify(result)}`);
  return result.challenge;
}
