import 'server-only';
import { recordEvent } from '../audit';
import { getDb } from '../db';
import type { ClientInfo } from '../request/client-info';
import { decryptSecret } from '../auth/encryption';
import { consumeRecoveryCode } from '../auth/recovery-codes';
import { type Throttled, claimAttempt, forgiveSecondFactor, secondFactorLimits } from '../auth/throttle';
import { claimTotpStep, isTotpCode, matchTotpStep } from '../auth/totp';

// The one place a second factor is checked: at sign-in (browser and API), and before turning
// two-factor authentication off or replacing the recovery codes. Every wrong code is recorded
// here as `mfa_failed` and counted like a wrong password (lib/auth/throttle.ts): six digits
// would otherwise fall to a few hundred thousand guesses.

export type SecondFactorMethod = 'totp' | 'recovery_code';
export type SecondFactorResult = { ok: true; method: SecondFactorMethod } | { ok: false; error: 'wrong_code' } | Throttled;

/** The AES-GCM context of a user's TOTP secret: a ciphertext only decrypts in its own row. */
export const totpSecretContext = (userId: string) => `totp:${userId}`;

/**
 * Accepts the current code of the user's authenticator app (once: a code, or an older one, is
 * refused after it was used) or one of their unused recovery codes (used up by this call).
 */
export async function verifySecondFactor(userId: string, code: string, client: ClientInfo): Promise<SecondFactorResult> {
  const attempt = await claimAttempt(secondFactorLimits(userId, client));
  if (!attempt.ok) return attempt;
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecretEncrypted: true, totpEnabledAt: true } });
  if (user?.totpEnabledAt) {
    // A secret that no longer decrypts (the encryption key changed) leaves the recovery codes.
    const secret = user.totpSecretEncrypted ? decryptSecret(user.totpSecretEncrypted, totpSecretContext(userId)) : null;
    const accepted = await db.$transaction(async (tx) => {
      if (isTotpCode(code)) {
        const step = secret === null ? null : matchTotpStep(secret, code);
        return step !== null && (await claimTotpStep(tx, userId, step)) ? 'totp' : null;
      }
      if (!(await consumeRecoveryCode(tx, userId, code))) return null;
      await recordEvent({ type: 'mfa_recovery_code_used', userId, client }, tx);
      return 'recovery_code';
    });
    if (accepted) {
      await forgiveSecondFactor(attempt, userId);
      return { ok: true, method: accepted };
    }
  }
  await recordEvent({ type: 'mfa_failed', userId: user ? userId : null, client });
  return { ok: false, error: 'wrong_code' };
}
