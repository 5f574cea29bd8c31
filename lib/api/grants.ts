import { signIn } from '../accounts/sign-in';
import { signInSchema } from '../auth/credentials';
import { tooManyAttemptsMessage } from '../auth/throttle';
import type { ClientInfo } from '../request/client-info';
import { completeMfaSignIn } from '../accounts/two-factor-sign-in';
import { refreshSession } from '../accounts/sessions';
import type { SessionTokens } from '../auth/session-tokens';
import type { OAuthError, TokenRequest } from './oauth';

// What each grant of the token endpoint does. They call the same session and sign-in code as the
// browser flow, so API and browser sessions share rotation, reuse detection, the grace window and
// the second factor. mfa_otp (after a password grant answered mfa_required) is Latchkey's own
// grant type, named like Auth0's; its otp may be an authenticator code or a recovery code.
// A password grant may carry the device_token of an earlier sign-in (lib/auth/device-tokens.ts),
// as a browser carries its device cookie.

export type GrantResult = { ok: true; tokens: SessionTokens } | { ok: false; error: OAuthError };

const WRONG_CREDENTIALS: GrantResult = { ok: false, error: { error: 'invalid_grant', description: 'Incorrect email or password.' } };
const ACCOUNT_DISABLED: GrantResult = { ok: false, error: { error: 'invalid_grant', description: 'This account is disabled.' } };
const BAD_REFRESH_TOKEN: GrantResult = {
  ok: false,
  error: { error: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' },
};

const WRONG_OTP: GrantResult = { ok: false, error: { error: 'invalid_grant', description: 'The otp is incorrect or has already been used.' } };
const EXPIRED_MFA_TOKEN: GrantResult = {
  ok: false,
  error: { error: 'invalid_grant', description: 'The mfa_token is invalid, has expired (it lasts 5 minutes) or was used already. Sign in again with the password grant.' },
};

const mfaRequired = (mfaToken: string): GrantResult => ({
  ok: false,
  error: {
    error: 'mfa_required',
    description: 'This account uses two-factor authentication. Within 5 minutes, send grant_type=mfa_otp with this mfa_token and an otp.',
    mfaToken,
  },
});

const tooManyAttempts = (retryAfterSeconds: number): GrantResult => ({
  ok: false,
  error: { error: 'too_many_attempts', description: tooManyAttemptsMessage(retryAfterSeconds), retryAfterSeconds },
});

export async function exchangeGrant(request: TokenRequest, client: ClientInfo): Promise<GrantResult> {
  if (request.grantType === 'refresh_token') {
    const rotation = await refreshSession(request.refreshToken, client);
    return rotation.ok ? { ok: true, tokens: rotation.tokens } : BAD_REFRESH_TOKEN;
  }
  if (request.grantType === 'mfa_otp') {
    const result = await completeMfaSignIn(request.mfaToken, request.otp, client);
    if (result.ok) return { ok: true, tokens: result.tokens };
    if (result.error === 'throttled') return tooManyAttempts(result.retryAfterSeconds);
    return { wrong_code: WRONG_OTP, expired: EXPIRED_MFA_TOKEN, account_disabled: ACCOUNT_DISABLED }[result.error];
  }
  // A username that is not an email, or an absurdly long password, cannot match an account:
  // it gets the same answer as a wrong password, never a hint about which part was wrong.
  const credentials = signInSchema.safeParse({ email: request.username, password: request.password });
  if (!credentials.success) return WRONG_CREDENTIALS;
  const result = await signIn(credentials.data, { ...client, deviceTokens: request.deviceToken ? [request.deviceToken] : [] });
  if (result.ok) return { ok: true, tokens: result.tokens };
  if (result.error === 'mfa_required') return mfaRequired(result.challenge);
  if (result.error === 'throttled') return tooManyAttempts(result.retryAfterSeconds);
  return result.error === 'account_disabled' ? ACCOUNT_DISABLED : WRONG_CREDENTIALS;
}
