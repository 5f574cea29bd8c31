import 'server-only';
import { getDb } from '../db';
import { startSession } from './sign-in';
import type { ClientInfo } from '../request/client-info';
import { findOutstandingMfaChallenge, redeemMfaChallenge } from '../auth/mfa-challenge';
import { verifySecondFactor } from './second-factor';
import type { SessionTokens } from '../auth/session-tokens';
import type { Throttled } from '../auth/throttle';

// The second step of signing in to an account with two-factor authentication, shared by the
// sign-in page and the API's mfa_otp grant: the challenge from the first step plus a code.

export type MfaSignInResult =
  | { ok: true; tokens: SessionTokens }
  // expired: the challenge is missing, forged, older than 5 minutes, used already or ended by a
  // password change, or two-factor authentication was turned off meanwhile; the user starts
  // again with the password.
  | { ok: false; error: 'expired' | 'wrong_code' | 'account_disabled' }
  | Throttled;

export async function completeMfaSignIn(challenge: string, code: string, client: ClientInfo): Promise<MfaSignInResult> {
  // Checked before the code too, so a code is not spent on a challenge that cannot be redeemed.
  const outstanding = await findOutstandingMfaChallenge(challenge);
  if (!outstanding) return { ok: false, error: 'expired' };
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: outstanding.userId }, select: { id: true, role: true, disabledAt: true, totpEnabledAt: true } });
  if (!user?.totpEnabledAt) return { ok: false, error: 'expired' };
  if (user.disabledAt) return { ok: false, error: 'account_disabled' };
  const factor = await verifySecondFactor(user.id, code, client);
  if (!factor.ok) return factor;
  const tokens = await db.$transaction(async (tx) =>
    (await redeemMfaChallenge(tx, outstanding)) ? startSession(tx, user, client, { secondFactor: factor.method }) : null,
  );
  return tokens ? { ok: true, tokens } : { ok: false, error: 'expired' };
}
