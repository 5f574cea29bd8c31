import { signIn } from '../auth/accounts';
import { signInSchema } from '../auth/credentials';
import { tooManyAttemptsMessage } from '../auth/throttle';
import type { ClientInfo } from '../auth/client-info';
import { type SessionTokens, rotateRefreshToken } from '../auth/session';
import type { OAuthError, TokenRequest } from './oauth';

// What each grant of the token endpoint does. Both call the same session code as the browser
// flow, so API and browser sessions share rotation, reuse detection and the grace window.

export type GrantResult = { ok: true; tokens: SessionTokens } | { ok: false; error: OAuthError };

const WRONG_CREDENTIALS: GrantResult = { ok: false, error: { error: 'invalid_grant', description: 'Incorrect email or password.' } };
const ACCOUNT_DISABLED: GrantResult = { ok: false, error: { error: 'invalid_grant', description: 'This account is disabled.' } };
const BAD_REFRESH_TOKEN: GrantResult = {
  ok: false,
  error: { error: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' },
};

export async function exchangeGrant(request: TokenRequest, client: ClientInfo): Promise<GrantResult> {
  if (request.grantType === 'refresh_token') {
    const rotation = await rotateRefreshToken(request.refreshToken, client);
    return rotation.ok ? { ok: true, tokens: rotation.tokens } : BAD_REFRESH_TOKEN;
  }
  // A username that is not an email, or an absurdly long password, cannot match an account:
  // it gets the same answer as a wrong password, never a hint about which part was wrong.
  const credentials = signInSchema.safeParse({ email: request.username, password: request.password });
  if (!credentials.success) return WRONG_CREDENTIALS;
  const result = await signIn(credentials.data, client);
  if (result.ok) return { ok: true, tokens: result.tokens };
  if (result.error === 'throttled') {
    const { retryAfterSeconds } = result;
    return { ok: false, error: { error: 'too_many_attempts', description: tooManyAttemptsMessage(retryAfterSeconds), retryAfterSeconds } };
  }
  return result.error === 'account_disabled' ? ACCOUNT_DISABLED : WRONG_CREDENTIALS;
}
