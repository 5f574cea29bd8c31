import 'server-only';
import { getConfig } from '../config';
import { type AppClient, findClient } from './clients';
import { isScope, parseScope } from './scopes';

// The authorization endpoint's request (RFC 6749 section 4.1.1, RFC 7636 section 4.3, OpenID
// Connect Core 1.0 section 3.1.2.1) and its error answers (RFC 6749 section 4.1.2.1, OpenID
// Connect Core 3.1.2.6, RFC 9207 `iss`). Until the client and its redirect URI are known to be
// registered, nothing is sent to the redirect URI: the user gets an error page (RFC 6749
// section 4.1.2.1, first paragraph), so the endpoint cannot be used as an open redirector.

export type Prompt = 'none' | 'login' | 'consent';
const PROMPTS: readonly string[] = ['none', 'login', 'consent'] satisfies Prompt[];

export type AuthorizationRequest = {
  client: AppClient;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string;
  prompt: Set<Prompt>;
  /** Seconds; OpenID Connect Core 3.1.2.1 `max_age`. */
  maxAge: number | null;
  loginHint: string | null;
};

/** Shown on Latchkey's own error page, never sent to the app. */
export type UnsafeRequest = 'unknown_client' | 'bad_redirect_uri' | 'malformed';

export type AuthorizationError =
  | 'invalid_request'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'request_not_supported'
  | 'request_uri_not_supported';

export type ParsedAuthorization =
  | { ok: true; request: AuthorizationRequest }
  | { ok: false; show: UnsafeRequest }
  | { ok: false; redirectTo: string };

type Query = Record<string, string | string[] | undefined>;

// A PKCE S256 challenge is the base64url SHA-256 of the verifier: 43 characters (RFC 7636 section 4.2).
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const MAX_VALUE_LENGTH = 2048;

export async function parseAuthorizationRequest(query: Query): Promise<ParsedAuthorization> {
  // RFC 6749 section 3.1: parameters must not repeat; a repeated client_id or redirect_uri
  // cannot be trusted to name where to send an error.
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) return { ok: false, show: 'malformed' };
    if (value !== undefined && value !== '') values.set(name, value);
  }
  if ([...values.values()].some((value) => value.length > MAX_VALUE_LENGTH)) return { ok: false, show: 'malformed' };

  const client = await findClient(values.get('client_id') ?? '');
  if (!client || client.disabledAt) return { ok: false, show: 'unknown_client' };
  const redirectUri = values.get('redirect_uri');
  // OpenID Connect Core 3.1.2.1: redirect_uri is required, and RFC 6749 section 3.1.2.3 compared exactly.
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) return { ok: false, show: 'bad_redirect_uri' };

  const state = values.get('state') ?? null;
  const refuse = (error: AuthorizationError, description: string): ParsedAuthorization => ({
    ok: false,
    redirectTo: authorizationResponse(redirectUri, { error, error_description: description }, state),
  });

  if (values.has('request')) return refuse('request_not_supported', 'request objects are not supported');
  if (values.has('request_uri')) return refuse('request_uri_not_supported', 'request_uri is not supported');
  const responseType = values.get('response_type');
  if (!responseType) return refuse('invalid_request', 'response_type is required');
  if (responseType !== 'code') return refuse('unsupported_response_type', 'only response_type=code is supported');
  const responseMode = values.get('response_mode');
  if (responseMode !== undefined && responseMode !== 'query') return refuse('invalid_request', 'only response_mode=query is supported');

  const scopes = parseScope(values.get('scope') ?? '');
  if (!scopes.includes('openid')) return refuse('invalid_scope', 'scope must include openid');
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) return refuse('invalid_scope', `unknown scope: ${unknown.join(' ')}`);
  const notAllowed = scopes.filter((scope) => !client.scopes.includes(scope));
  if (notAllowed.length > 0) return refuse('invalid_scope', `scope not allowed for this client: ${notAllowed.join(' ')}`);

  // RFC 7636, required of every client (OAuth 2.0 Security BCP): only S256, never plain.
  const codeChallenge = values.get('code_challenge');
  if (!codeChallenge) return refuse('invalid_request', 'code_challenge is required (PKCE)');
  if (values.get('code_challenge_method') !== 'S256') return refuse('invalid_request', 'code_challenge_method must be S256');
  if (!S256_CHALLENGE.test(codeChallenge)) return refuse('invalid_request', 'code_challenge is not an S256 challenge');

  const prompt = parseScope(values.get('prompt') ?? '');
  if (prompt.some((value) => !PROMPTS.includes(value))) return refuse('invalid_request', 'prompt may hold none, login and consent');
  if (prompt.includes('none') && prompt.length > 1) return refuse('invalid_request', 'prompt=none cannot be combined with other values');

  const maxAgeValue = values.get('max_age');
  if (maxAgeValue !== undefined && !/^\d{1,9}$/.test(maxAgeValue)) return refuse('invalid_request', 'max_age must be a number of seconds');

  return {
    ok: true,
    request: {
      client,
      redirectUri,
      scopes,
      state,
      nonce: values.get('nonce') ?? null,
      codeChallenge,
      prompt: new Set(prompt as Prompt[]),
      maxAge: maxAgeValue === undefined ? null : Number(maxAgeValue),
      loginHint: values.get('login_hint') ?? null,
    },
  };
}

/** The app's redirect URI with the answer's parameters, `state` and our `iss` (RFC 9207) added to its query. */
export function authorizationResponse(redirectUri: string, params: Record<string, string>, state: string | null): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  if (state !== null) url.searchParams.append('state', state);
  url.searchParams.append('iss', getConfig().appUrl);
  return url.toString();
}

export function authorizationError(request: AuthorizationRequest, error: AuthorizationError, description: string): string {
  return authorizationResponse(request.redirectUri, { error, error_description: description }, request.state);
}

/**
 * The request as a query string again. After a sign-in it asked for, `prompt=login` and `max_age`
 * are dropped: the user has just signed in (else `max_age=0` would ask forever), and the ID
 * token's auth_time lets the app check the age itself.
 */
export function authorizationQuery(request: AuthorizationRequest, { signedInAgain = false } = {}): string {
  const prompt = [...request.prompt].filter((value) => !(signedInAgain && value === 'login'));
  const params: Record<string, string | null> = {
    response_type: 'code',
    client_id: request.client.id,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(' '),
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    prompt: prompt.length > 0 ? prompt.join(' ') : null,
    max_age: request.maxAge === null || signedInAgain ? null : String(request.maxAge),
    login_hint: request.loginHint,
  };
  return new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== null)).toString();
}
