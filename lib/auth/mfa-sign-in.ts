import 'server-only';
import { getDb } from '../db';
import { startSignedInSession } from './accounts';
import type { ClientInfo } from './client-info';
import { verifyMfaChallenge } from './mfa-challenge';
import { verifySecondFactor } from './second-factor';
import type { SessionTokens } from './session';

// The second step of signing in to an account with two-factor authentication, shared by the
// sign-in page and the API's mfa_otp grant: the challenge from the first step plus a code.

export type MfaSignInResult =
  | { ok: true; tokens: SessionTokens }
  // expired: the challenge is missing, forged or older than 5 minutes, or two-factor
  // authentication was turned off meanwhile; the user starts again with the password.
  | { ok: false; error: 'expired' | 'wrong_code' | 'account_disabled' }
  | { ok: false; error: 'throttled'; retryAfterSeconds: number };

export async function completeMfaSignIn(challenge: string, code: string, client: ClientInfo): Promise<MfaSignInResult> {
  const userId = await verifyMfaChallenge(challenge);
  if (!userId) return { ok: false, error: 'expired' };
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, disabledAt: true, totpEnabledAt: true } });
  if (!user?.totpEnabledAt) return { ok: false, error: 'expired' };
  if (user.disabledAt) return { ok: false, error: 'account_disabled' };
  const factor = await verifySecondFactor(user.id, code, client);
  if (!factor.ok) return factor;
  return { ok: true, tokens: await startSignedInSession(user, client, { secondFactor: factor.method }) };
}
