import { retryMinutes } from '../auth/throttle';

// Every error the JSON API answers, as {"error", "error_description"}: its code and its sentence,
// read by the handlers and by the OpenAPI document (./openapi.ts), so the document shows exactly
// what clients get (test/api/api-errors.test.ts checks that each one is there). Codes and
// sentences are a contract: clients and tests match on them.

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

export type ApiMessage = { error: ApiErrorCode; description: string };

const message = (error: ApiErrorCode, description: string): ApiMessage => ({ error, description });

/** The errors with a fixed sentence. */
export const API_MESSAGES = {
  // Any route (./handler.ts).
  invalid_origin: message('invalid_origin', 'Requests from other sites are refused.'),
  server_error: message('server_error', 'The server hit an unexpected error.'),
  database_unavailable: message('temporarily_unavailable', 'The database is not answering. Try again shortly.'),
  busy: message('temporarily_unavailable', 'The server is busy checking passwords. Try again in a few seconds.'),
  // Reading a body (./params.ts).
  unsupported_content_type: message('invalid_request', 'The body must be application/x-www-form-urlencoded or application/json.'),
  bad_json: message('invalid_request', 'The body is not valid JSON.'),
  json_not_object: message('invalid_request', 'The JSON body must be an object.'),
  // Token and revocation requests (./oauth.ts).
  public_clients_only: message('invalid_client', 'Latchkey issues tokens to public clients only: send no client_secret and no Basic authorization.'),
  unsupported_grant_type: message('unsupported_grant_type', 'The grant_type must be "password", "refresh_token" or "mfa_otp".'),
  // Grants (./grants.ts).
  wrong_credentials: message('invalid_grant', 'Incorrect email or password.'),
  account_disabled: message('invalid_grant', 'This account is disabled.'),
  bad_refresh_token: message('invalid_grant', 'The refresh token is invalid, expired or revoked.'),
  wrong_otp: message('invalid_grant', 'The otp is incorrect or has already been used.'),
  expired_mfa_token: message(
    'invalid_grant',
    'The mfa_token is invalid, has expired (it lasts 5 minutes) or was used already. Sign in again with the password grant.',
  ),
  mfa_required: message(
    'mfa_required',
    'This account uses two-factor authentication. Within 5 minutes, send grant_type=mfa_otp with this mfa_token and an otp.',
  ),
  // Bearer authentication (./bearer.ts). Repeated in WWW-Authenticate: no `"` or `\`.
  no_access_token: message('invalid_token', 'The request has no access token. Send Authorization: Bearer <access token>.'),
  malformed_authorization: message('invalid_token', 'The Authorization header must be Bearer followed by one access token.'),
  invalid_token: message('invalid_token', 'The access token is invalid, expired or revoked.'),
} as const satisfies Record<string, ApiMessage>;

/** The errors whose sentence names a part of the request or a limit. */
export const API_MESSAGE_TEMPLATES = {
  unreadable_body: (maxBytes: number) => message('invalid_request', `The body must be valid UTF-8 of at most ${maxBytes} bytes.`),
  repeated_parameter: (name: string) => message('invalid_request', `The parameter "${name}" is repeated.`),
  parameter_not_string: (name: string) => message('invalid_request', `The parameter "${name}" must be a string.`),
  missing_parameters: (names: string[]) => {
    const list = names.map((name) => `"${name}"`).join(' and ');
    return message('invalid_request', `The request is missing the ${list} parameter${names.length > 1 ? 's' : ''}.`);
  },
  too_many_attempts: (retryAfterSeconds: number) => {
    const minutes = retryMinutes(retryAfterSeconds);
    return message('too_many_attempts', `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`);
  },
} as const satisfies Record<string, (...args: never[]) => ApiMessage>;
