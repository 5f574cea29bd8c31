import { getConfig } from '../config';
import type { SessionTokens } from '../auth/session-tokens';
import type { Locale } from '../i18n/locales';
import { NO_STORE, errorResponse, json } from './http';
import { type ApiMessage, API_MESSAGES, API_MESSAGE_TEMPLATES } from './messages';
import { type Params, readParams } from './params';

// The OAuth 2.0 wire format of the token (RFC 6749) and revocation (RFC 7009) endpoints:
// reading their requests and writing their responses. What a grant does is in ./grants.ts.

/** An error of these endpoints (./messages.ts), with the mfa_token of mfa_required or the wait of too_many_attempts. */
export type OAuthError = ApiMessage & { mfaToken?: string; retryAfterSeconds?: number };

export type TokenRequest =
  // deviceToken: optional, the device_token this client got at an earlier sign-in to the account.
  | { grantType: 'password'; username: string; password: string; deviceToken?: string }
  | { grantType: 'refresh_token'; refreshToken: string }
  | { grantType: 'mfa_otp'; mfaToken: string; otp: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: OAuthError };

const refused = (error: OAuthError): Parsed<never> => ({ ok: false, error });

// Latchkey has no registered clients, so there is no client secret to check. A client that
// sends one believes it is confidential; refusing tells its developer rather than silently
// accepting a secret that protects nothing.
const PUBLIC_CLIENTS_ONLY = refused(API_MESSAGES.public_clients_only);

export async function parseTokenRequest(request: Request): Promise<Parsed<TokenRequest>> {
  if (/^basic(\s|$)/i.test(request.headers.get('authorization') ?? '')) return PUBLIC_CLIENTS_ONLY;
  const read = await readParams(request);
  if (!read.ok) return refused(read.error);
  const { params } = read;
  if (params.has('client_secret')) return PUBLIC_CLIENTS_ONLY;

  const grantType = params.get('grant_type');
  if (grantType === undefined) return missing(['grant_type']);
  if (grantType === 'password') {
    const absent = absentOf(params, ['username', 'password']);
    if (absent.length > 0) return missing(absent);
    return {
      ok: true,
      value: { grantType, username: params.get('username')!, password: params.get('password')!, deviceToken: params.get('device_token') },
    };
  }
  if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    if (refreshToken === undefined) return missing(['refresh_token']);
    return { ok: true, value: { grantType, refreshToken } };
  }
  if (grantType === 'mfa_otp') {
    const absent = absentOf(params, ['mfa_token', 'otp']);
    if (absent.length > 0) return missing(absent);
    return { ok: true, value: { grantType, mfaToken: params.get('mfa_token')!, otp: params.get('otp')! } };
  }
  return refused(API_MESSAGES.unsupported_grant_type);
}

/** RFC 7009: the token to revoke; token_type_hint is optional and not needed to find it. */
export async function parseRevokeRequest(request: Request): Promise<Parsed<string>> {
  const read = await readParams(request);
  if (!read.ok) return refused(read.error);
  const token = read.params.get('token');
  return token === undefined ? missing(['token']) : { ok: true, value: token };
}

function absentOf(params: Params, names: string[]): string[] {
  return names.filter((name) => !params.has(name));
}

function missing(names: string[]): Parsed<never> {
  return refused(API_MESSAGE_TEMPLATES.missing_parameters(names));
}

/** The error, described in `locale` (the request's Accept-Language: apiLocale, ./http.ts). */
export function oauthErrorResponse({ mfaToken, retryAfterSeconds, ...message }: OAuthError, locale: Locale): Response {
  const headers: Record<string, string> = {};
  if (message.error === 'invalid_client') headers['WWW-Authenticate'] = 'Basic realm="latchkey"';
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return errorResponse(message, locale, headers, mfaToken ? { mfa_token: mfaToken } : {});
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
