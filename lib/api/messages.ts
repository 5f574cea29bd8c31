import type en from '../../messages/en.json';
import { retryMinutes } from '../auth/throttle';
import type { Locale } from '../i18n/locales';
import { translator } from '../i18n/translator';

// Every error the JSON API answers, as {"error", "error_description"}: its code and its sentence,
// read by the handlers and by the OpenAPI document (./openapi.ts), so the document shows exactly
// what clients get (test/api/api-errors.test.ts checks that each one is there). Codes are a
// contract: programs match on them, in every language. The sentences are the "api" messages (keyed
// by the names below) in the request's language (apiLocale, ./http.ts); the English ones are a
// contract too, shown in the OpenAPI document.
/** The HTTP status of each error code. */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  // Sign-in throttling (lib/auth/throttle.ts), with Retry-After.
  too_many_attempts: 429,
  // The password was right but the account needs a second factor: the answer carries mfa_token.
  mfa_required: 401,
  invalid_token: 401,
  invalid_origin: 403,
  server_error: 500,
  temporarily_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof ERROR_STATUS;

/** An error: its code, and its sentence in a given language. */
export type ApiMessage = { error: ApiErrorCode; describe: (locale: Locale) => string };

type ApiMessageName = Exclude<keyof (typeof en)['api'], 'quotedName'>;

const message = (error: ApiErrorCode, name: ApiMessageName, values?: Record<string, string | number>): ApiMessage => ({
  error,
  describe: (locale) => translator(locale)(`api.${name}`, values),
});

/** The errors with a fixed sentence. */
export const API_MESSAGES = {
  // Any route (./handler.ts).
  invalid_origin: message('invalid_origin', 'invalid_origin'),
  server_error: message('server_error', 'server_error'),
  database_unavailable: message('temporarily_unavailable', 'database_unavailable'),
  busy: message('temporarily_unavailable', 'busy'),
  // Reading a body (./params.ts).
  unsupported_content_type: message('invalid_request', 'unsupported_content_type'),
  bad_json: message('invalid_request', 'bad_json'),
  json_not_object: message('invalid_request', 'json_not_object'),
  // Token and revocation requests (./oauth.ts).
  public_clients_only: message('invalid_client', 'public_clients_only'),
  unsupported_grant_type: message('unsupported_grant_type', 'unsupported_grant_type'),
  // Grants (./grants.ts).
  wrong_credentials: message('invalid_grant', 'wrong_credentials'),
  account_disabled: message('invalid_grant', 'account_disabled'),
  bad_refresh_token: message('invalid_grant', 'bad_refresh_token'),
  wrong_otp: message('invalid_grant', 'wrong_otp'),
  expired_mfa_token: message('invalid_grant', 'expired_mfa_token'),
  // Apps signing users in through Latchkey (lib/oauth/grants.ts).
  client_auth_failed: message('invalid_client', 'client_auth_failed'),
  client_auth_twice: message('invalid_request', 'client_auth_twice'),
  bad_code: message('invalid_grant', 'bad_code'),
  code_reused: message('invalid_grant', 'code_reused'),
  code_expired: message('invalid_grant', 'code_expired'),
  redirect_uri_mismatch: message('invalid_grant', 'redirect_uri_mismatch'),
  pkce_mismatch: message('invalid_grant', 'pkce_mismatch'),
  mfa_required: message('mfa_required', 'mfa_required'),
  // Bearer authentication (./bearer.ts). Repeated in WWW-Authenticate, made header-safe there.
  no_access_token: message('invalid_token', 'no_access_token'),
  malformed_authorization: message('invalid_token', 'malformed_authorization'),
  invalid_token: message('invalid_token', 'invalid_token'),
} as const satisfies Record<string, ApiMessage>;

/** The errors whose sentence names a part of the request or a limit. */
export const API_MESSAGE_TEMPLATES = {
  unreadable_body: (maxBytes: number) => message('invalid_request', 'unreadable_body', { maxBytes: String(maxBytes) }),
  repeated_parameter: (name: string) => message('invalid_request', 'repeated_parameter', { name }),
  parameter_not_string: (name: string) => message('invalid_request', 'parameter_not_string', { name }),
  missing_parameters: (names: string[]) => ({
    error: 'invalid_request',
    describe: (locale) => {
      // "username" and "password", „username“ und „password“: quoted and listed the language's way.
      const quoted = names.map((name) => translator(locale)('api.quotedName', { name }));
      const list = new Intl.ListFormat(locale, { type: 'conjunction' }).format(quoted);
      return translator(locale)('api.missing_parameters', { names: list, count: names.length });
    },
  }),
  too_many_attempts: (retryAfterSeconds: number) => message('too_many_attempts', 'too_many_attempts', { minutes: retryMinutes(retryAfterSeconds) }),
} as const satisfies Record<string, (...args: never[]) => ApiMessage>;
