import { getConfig } from '../config';
import type { SessionTokens } from '../auth/session-tokens';
import { NO_STORE, json } from './http';
import { type Params, readParams } from './params';

// The OAuth 2.0 wire format of the token (RFC 6749) and revocation (RFC 7009) endpoints:
// reading their requests and writing their responses. What a grant does is in ./grants.ts.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  // Sign-in throttling (lib/auth/throttle.ts), with Retry-After.
  | 'too_many_attempts'
  // The password was right but the account needs a second factor: the answer carries mfa_token.
  | 'mfa_required';

export type OAuthError = { error: OAuthErrorCode; description: string; mfaToken?: string; retryAfterSeconds?: number };

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  too_many_attempts: 429,
  mfa_required: 401,
};

export type TokenRequest =
  // deviceToken: optional, the device_token this client got at an earlier sign-in to the account.
  | { grantType: 'password'; username: string; password: string; deviceToken?: string }
  | { grantType: 'refresh_token'; refreshToken: string }
  | { grantType: 'mfa_otp'; mfaToken: string; otp: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: OAuthError };

const invalidRequest = (description: string): Parsed<never> => ({ ok: false, error: { error: 'invalid_request', description } });

// Latchkey has no registered clients, so there is no client secret to check. A client that
// sends one believes it is confidential; refusing tells its developer rather than silently
// accepting a secret that protects nothing.
const PUBLIC_CLIENTS_ONLY: Parsed<never> = {
  ok: false,
  error: { error: 'invalid_client', description: 'Latchkey issues tokens to public clients only: send no client_secret and no Basic authorization.' },
};

export async function parseTokenRequest(request: Request): Promise<Parsed<TokenRequest>> {
  if (/^basic(\s|$)/i.test(request.headers.get('authorization') ?? '')) return PUBLIC_CLIENTS_ONLY;
  const read = await readParams(request);
  if (!read.ok) return invalidRequest(read.description);
  const { params } = read;
  if (params.has('client_secret')) return PUBLIC_CLIENTS_ONLY;

  const grantType = params.get('grant_type');
  if (grantType === undefined) return invalidRequest(missing(['grant_type']));
  if (grantType === 'password') {
    const absent = absentOf(params, ['username', 'password']);
    if (absent.length > 0) return invalidRequest(missing(absent));
    return {
      ok: true,
      value: { grantType, username: params.get('username')!, password: params.get('password')!, deviceToken: params.get('device_token') },
    };
  }
  if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    if (refreshToken === undefined) return invalidRequest(missing(['refresh_token']));
    return { ok: true, value: { grantType, refreshToken } };
  }
  if (grantType === 'mfa_otp') {
    const absent = absentOf(params, ['mfa_token', 'otp']);
    if (absent.length > 0) return invalidRequest(missing(absent));
    return { ok: true, value: { grantType, mfaToken: params.get('mfa_token')!, otp: params.get('otp')! } };
  }
  return {
    ok: false,
    error: { error: 'unsupported_grant_type', description: 'The grant_type must be "password", "refresh_token" or "mfa_otp".' },
  };
}

/** RFC 7009: the token to revoke; token_type_hint is optional and not needed to find it. */
export async function parseRevokeRequest(request: Request): Promise<Parsed<string>> {
  const read = await readParams(request);
  if (!read.ok) return invalidRequest(read.description);
  const token = read.params.get('token');
  return token === undefined ? invalidRequest(missing(['token'])) : { ok: true, value: token };
}

function absentOf(params: Params, names: string[]): string[] {
  return names.filter((name) => !params.has(name));
}

function missing(names: string[]): string {
  const list = names.map((name) => `"${name}"`).join(' and ');
  return `The request is missing the ${list} parameter${names.length > 1 ? 's' : ''}.`;
}

export function oauthErrorResponse({ error, description, mfaToken, retryAfterSeconds }: OAuthError): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (error === 'invalid_client') headers['WWW-Authenticate'] = 'Basic realm="latchkey"';
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return json({ error, error_description: description, ...(mfaToken ? { mfa_token: mfaToken } : {}) }, STATUS[error], headers);
}

export function tokenResponse(tokens: SessionTokens): Response {
  return json(
    {
      access_token: tokens.accessToken,
      token_type: 'bearer',
      expires_in: getConfig().accessTokenTtl,
      refresh_token: tokens.refreshToken,
      // After a sign-in (not a refresh): to send back with the password grant next time.
      ...(tokens.deviceToken ? { device_token: tokens.deviceToken } : {}),
    },
    200,
    NO_STORE,
  );
}

/** RFC 7009 section 2.2: the same answer whether or not the token was known. */
export function revokedResponse(): Response {
  return json({}, 200, NO_STORE);
}
