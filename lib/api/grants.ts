import { signIn } from '../accounts/sign-in';
import { signInSchema } from '../auth/credentials';
import type { ClientInfo } from '../request/client-info';
import { completeMfaSignIn } from '../accounts/two-factor-sign-in';
import { refreshSession } from '../accounts/sessions';
import type { SessionTokens } from '../auth/session-tokens';
import { authenticateClient, findClient } from '../oauth/clients';
import { type AppGrantRefusal, type AppTokens, exchangeCode, refreshGrant } from '../oauth/grants';
import { type ApiMessage, API_MESSAGES, API_MESSAGE_TEMPLATES } from './messages';
import type { ClientCredentials, OAuthError, TokenRequest } from './oauth';

// What each grant of the token endpoint does. They call the same session and sign-in code as the
// browser flow, so API and browser sessions share rotation, reuse detection, the grace window and
// the second factor. mfa_otp (after a password grant answered mfa_required) is Latchkey's own
// grant type, named like Auth0's; its otp may be an authenticator code or a recovery code.
// A password grant may carry the device_token of an earlier sign-in (lib/auth/device-tokens.ts),
// as a browser carries its device cookie.
// A registered app (lib/oauth/) authenticates first, then exchanges an authorization code or
// rotates its grant's refresh token.

export type GrantResult = { ok: true; tokens: SessionTokens } | { ok: true; appTokens: AppTokens } | { ok: false; error: OAuthError };

const refused = (message: ApiMessage): GrantResult => ({ ok: false, error: message });
const WRONG_CREDENTIALS = refused(API_MESSAGES.wrong_credentials);
const ACCOUNT_DISABLED = refused(API_MESSAGES.account_disabled);
const BAD_REFRESH_TOKEN = refused(API_MESSAGES.bad_refresh_token);
const WRONG_OTP = refused(API_MESSAGES.wrong_otp);
const EXPIRED_MFA_TOKEN = refused(API_MESSAGES.expired_mfa_token);

const mfaRequired = (mfaToken: string): GrantResult => ({ ok: false, error: { ...API_MESSAGES.mfa_required, mfaToken } });

const tooManyAttempts = (retryAfterSeconds: number): GrantResult => ({
  ok: false,
  error: { ...API_MESSAGE_TEMPLATES.too_many_attempts(retryAfterSeconds), retryAfterSeconds },
});

const APP_REFUSALS: Record<AppGrantRefusal, GrantResult> = {
  bad_code: refused(API_MESSAGES.bad_code),
  code_reused: refused(API_MESSAGES.code_reused),
  code_expired: refused(API_MESSAGES.code_expired),
  redirect_uri_mismatch: refused(API_MESSAGES.redirect_uri_mismatch),
  pkce_mismatch: refused(API_MESSAGES.pkce_mismatch),
  bad_refresh_token: BAD_REFRESH_TOKEN,
};

export async function exchangeGrant(request: TokenRequest, client: ClientInfo): Promise<GrantResult> {
  if (request.grantType === 'authorization_code' || (request.grantType === 'refresh_token' && request.client)) {
    return exchangeAppGrant(request, request.client!, client);
  }
  if (request.grantType === 'refresh_token') return refreshOwnSession(request.refreshToken, client);
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

async function exchangeAppGrant(
  request: Extract<TokenRequest, { grantType: 'authorization_code' | 'refresh_token' }>,
  credentials: ClientCredentials,
  client: ClientInfo,
): Promise<GrantResult> {
  const authenticated = await authenticateClient(credentials);
  if (!authenticated.ok) {
    // Latchkey's own public clients may name themselves with a client_id of their own when they
    // refresh (accepted and ignored before apps existed): a name no app has, without a secret.
    const ownClient = request.grantType === 'refresh_token' && credentials.secret === null && !(await findClient(credentials.clientId));
    return ownClient ? refreshOwnSession(request.refreshToken, client) : refused(API_MESSAGES.client_auth_failed);
  }
  const result =
    request.grantType === 'authorization_code'
      ? await exchangeCode(request, authenticated.client, client)
      : await refreshGrant(request.refreshToken, authenticated.client, client);
  return result.ok ? { ok: true, appTokens: result.tokens } : APP_REFUSALS[result.error];
}

async function refreshOwnSession(refreshToken: string, client: ClientInfo): Promise<GrantResult> {
  const rotation = await refreshSession(refreshToken, client);
  return rotation.ok ? { ok: true, tokens: rotation.tokens } : BAD_REFRESH_TOKEN;
}
