import { getConfig } from '../config';
import type { SessionTokens } from '../auth/session-tokens';
import type { AppTokens } from '../oauth/grants';
import type { Locale } from '../i18n/locales';
import { NO_STORE, errorResponse, json } from './http';
import { type ApiMessage, API_MESSAGES, API_MESSAGE_TEMPLATES } from './messages';
import { type Params, readParams } from './params';

// The OAuth 2.0 wire format of the token (RFC 6749) and revocation (RFC 7009) endpoints:
// reading their requests and writing their responses. What a grant does is in ./grants.ts.
// Two kinds of client use them: Latchkey's own public clients (password, mfa_otp and
// refresh_token grants, no client authentication) and registered apps (lib/oauth/:
// authorization_code and refresh_token grants, client authentication by RFC 6749 section 2.3).

/** An error of these endpoints (./messages.ts), with the mfa_token of mfa_required or the wait of too_many_attempts. */
export type OAuthError = ApiMessage & { mfaToken?: string; retryAfterSeconds?: number };

/** A registered app's credentials: its client_id, and the secret of a confidential one. */
export type ClientCredentials = { clientId: string; secret: string | null };

export type TokenRequest =
  // deviceToken: optional, the device_token this client got at an earlier sign-in to the account.
  | { grantType: 'password'; username: string; password: string; deviceToken?: string }
  // client: an app's grant; null: the user's own session.
  | { grantType: 'refresh_token'; refreshToken: string; client: ClientCredentials | null }
  | { grantType: 'mfa_otp'; mfaToken: string; otp: string }
  | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string; client: ClientCredentials };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: OAuthError };

const refused = (error: OAuthError): Parsed<never> => ({ ok: false, error });

// The password and mfa_otp grants are Latchkey's own clients', which have no secret. A client
// that sends one believes it is confidential; refusing tells its developer rather than silently
// accepting a secret that protects nothing.
const PUBLIC_CLIENTS_ONLY = refused(API_MESSAGES.public_clients_only);

export async function parseTokenRequest(request: Request): Promise<Parsed<TokenRequest>> {
  const read = await readParams(request);
  if (!read.ok) return refused(read.error);
  const { params } = read;
  const credentials = clientCredentials(request, params);
  if (!credentials.ok) return credentials;
  const client = credentials.value;

  const grantType = params.get('grant_type');
  if (grantType === undefined) return missing(['grant_type']);
  if (grantType === 'authorization_code') {
    const absent = absentOf(params, ['code', 'redirect_uri', 'code_verifier', ...(client ? [] : ['client_id'])]);
    if (absent.length > 0) return missing(absent);
    return {
      ok: true,
      value: { grantType, code: params.get('code')!, redirectUri: params.get('redirect_uri')!, codeVerifier: params.get('code_verifier')!, client: client! },
    };
  }
  if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    if (refreshToken === undefined) return missing(['refresh_token']);
    return { ok: true, value: { grantType, refreshToken, client } };
  }
  if (client?.secret) return PUBLIC_CLIENTS_ONLY;
  if (grantType === 'password') {
    const absent = absentOf(params, ['username', 'password']);
    if (absent.length > 0) return missing(absent);
    return {
      ok: true,
      value: { grantType, username: params.get('username')!, password: params.get('password')!, deviceToken: params.get('device_token') },
    };
  }
  if (grantType === 'mfa_otp') {
    const absent = absentOf(params, ['mfa_token', 'otp']);
    if (absent.length > 0) return missing(absent);
    return { ok: true, value: { grantType, mfaToken: params.get('mfa_token')!, otp: params.get('otp')! } };
  }
  return refused(API_MESSAGES.unsupported_grant_type);
}

/**
 * RFC 6749 section 2.3.1: an app authenticates with HTTP Basic (client_id and secret, each
 * form-urlencoded) or with client_id and client_secret in the body, never both; a public app
 * sends its client_id alone. Null: no client named, Latchkey's own client.
 */
function clientCredentials(request: Request, params: Params): Parsed<ClientCredentials | null> {
  const authorization = request.headers.get('authorization') ?? '';
  if (/^basic(\s|$)/i.test(authorization)) {
    if (params.has('client_secret')) return refused(API_MESSAGES.client_auth_twice);
    const basic = decodeBasic(authorization);
    if (!basic || (params.has('client_id') && params.get('client_id') !== basic.clientId)) return refused(API_MESSAGES.client_auth_failed);
    return { ok: true, value: basic };
  }
  const clientId = params.get('client_id');
  if (clientId === undefined) return params.has('client_secret') ? PUBLIC_CLIENTS_ONLY : { ok: true, value: null };
  return { ok: true, value: { clientId, secret: params.get('client_secret') ?? null } };
}

function decodeBasic(authorization: string): ClientCredentials | null {
  const decoded = Buffer.from(authorization.replace(/^basic\s*/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    return clientId ? { clientId, secret: secret || null } : null;
  } catch {
    return null;
  }
}

/** RFC 7009: the token to revoke (token_type_hint is optional and not needed to find it), and the app revoking it, if any. */
export async function parseRevokeRequest(request: Request): Promise<Parsed<{ token: string; client: ClientCredentials | null }>> {
  const read = await readParams(request);
  if (!read.ok) return refused(read.error);
  const credentials = clientCredentials(request, read.params);
  if (!credentials.ok) return credentials;
  const token = read.params.get('token');
  return token === undefined ? missing(['token']) : { ok: true, value: { token, client: credentials.value } };
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

/** An app's tokens (RFC 6749 section 5.1, OpenID Connect Core 3.1.3.3). */
export function appTokenResponse(tokens: AppTokens): Response {
  return json(
    {
      access_token: tokens.accessToken,
      token_type: 'bearer',
      expires_in: tokens.expiresIn,
      id_token: tokens.idToken,
      scope: tokens.scopes.join(' '),
      ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
    },
    200,
    NO_STORE,
  );
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
