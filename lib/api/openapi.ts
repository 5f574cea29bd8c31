import { SCHEMAS } from './openapi-schemas';
import type { MediaType, OpenApiDocument, Operation, ResponseObject } from './openapi-types';
import { type ApiMessage, API_MESSAGES as M, API_MESSAGE_TEMPLATES as T } from './messages';
import { MAX_BODY_BYTES } from './params';

// The OpenAPI 3.1 description of every JSON route, served at /api/openapi.json and checked
// against the official schema in test/api/openapi.test.ts. Its error examples are the handlers'
// own messages (./messages.ts); test/api/api-errors.test.ts checks that every one is shown.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const NO_STORE_HEADERS = { 'Cache-Control': header('CacheControlNoStore'), Pragma: header('PragmaNoCache') };

// In English: the document describes the contract. Clients get error_description in the language
// of their Accept-Language (lib/api/http.ts), the error code the same in every language.
const oauthError = ({ error, describe }: ApiMessage) => ({ value: { error, error_description: describe('en') } });

function errorResponse(description: string, examples: Record<string, { value: unknown }>, extraHeaders = {}): ResponseObject {
  return {
    description,
    headers: { ...NO_STORE_HEADERS, ...extraHeaders },
    content: { 'application/json': { schema: ref('Error'), examples } },
  };
}

// A JWT with the device token's header ({"alg":"HS256","typ":"device+jwt"}), claims left out.
const DEVICE_TOKEN_EXAMPLE = 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImRldmljZStqd3QifQ.e30.c2lnbmF0dXJl';
// An app's tokens: the headers of lib/auth/app-tokens.ts ({"alg":"ES256","typ":"at+jwt"|"JWT","kid":…}), claims left out.
const APP_ACCESS_TOKEN_EXAMPLE =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Ik56YkxzWGg4dURDY2QtNk1Od1hGNFdfN25vV1hGWkFmSGt4WnNSR0M5WHMifQ.e30.c2lnbmF0dXJl';
const ID_TOKEN_EXAMPLE = 'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Ik56YkxzWGg4dURDY2QtNk1Od1hGNFdfN25vV1hGWkFmSGt4WnNSR0M5WHMifQ.e30.c2lnbmF0dXJl';
const APP_REFRESH_TOKEN_EXAMPLE = 'Jm2pV7cQx1Ld0sN4bR8tYw.kH3fZ9aP5eW2uL7oD1gS6rB0cT4xM8nQ2vE5iJ9yU3h';
const CLIENT_SECRET_EXAMPLE = 'pX7b2Kq9Lr4Tz1Wc6Nd8Fs3Hy5Jm0Vg2Ae7Uo4Ik9Qw';

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };

// A POST from a browser page on another site (its Origin is not APP_URL); programs send no Origin.
const CROSS_SITE: Operation['responses'] = {
  '403': errorResponse('Sent by a browser page of another site: its Origin header is not APP_URL.', {
    invalid_origin: oauthError(M.invalid_origin),
  }),
};

const SERVER_ERRORS: Operation['responses'] = {
  '500': errorResponse('An unexpected error. It is logged on the server; the answer carries no detail.', {
    server_error: oauthError(M.server_error),
  }),
  '503': errorResponse(
    'The database is not answering, or (password grant) too many passwords are waiting to be checked. Retry after the number of seconds in Retry-After.',
    {
      temporarily_unavailable: oauthError(M.database_unavailable),
      busy: oauthError(M.busy),
    },
    RETRY_AFTER,
  ),
};

const BODY_ERRORS = {
  missing_content_type: oauthError(M.unsupported_content_type),
  too_large: oauthError(T.unreadable_body(MAX_BODY_BYTES)),
  repeated: oauthError(T.repeated_parameter('grant_type')),
  bad_json: oauthError(M.bad_json),
  not_an_object: oauthError(M.json_not_object),
  not_a_string: oauthError(T.parameter_not_string('grant_type')),
};

/** Both content types the form endpoints accept, with the same schema and examples. */
function formOrJson(schema: MediaType['schema'], examples: Record<string, { summary: string; value: Record<string, string> }>) {
  const form: MediaType = {
    schema,
    examples: Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, { ...example, value: new URLSearchParams(example.value).toString() }])),
  };
  return { required: true, content: { 'application/x-www-form-urlencoded': form, 'application/json': { schema, examples } } };
}

const token: Operation = {
  operationId: 'issueToken',
  summary: 'Issue an access token and a refresh token (RFC 6749)',
  description:
    'Password grant (sign in with email and password) or refresh_token grant (rotate a refresh token, with the same reuse ' +
    'detection and grace window as browser sessions). For an account with two-factor authentication the password grant ' +
    'answers 401 mfa_required with an mfa_token; the mfa_otp grant then exchanges it, with a code, for the tokens. ' +
    'The password and mfa_otp grants are for Latchkey\'s own public clients: no client_secret, no Basic authorization. ' +
    'Registered apps (Latchkey as an OpenID Connect provider, /.well-known/openid-configuration) use the authorization_code ' +
    'grant (RFC 6749 section 4.1.3, PKCE RFC 7636) and the refresh_token grant, authenticating as RFC 6749 section 2.3.1 says: ' +
    'a confidential app with Basic authorization (client_secret_basic) or client_id and client_secret in the body ' +
    '(client_secret_post), never both; a public app with client_id alone. Their answer adds id_token and scope, and has a ' +
    'refresh_token only with the offline_access scope. An app\'s refresh token rotates with reuse detection but no grace ' +
    'window: a second use of it ends the grant. A code works once, within 60 seconds; a second use revokes the tokens it gave. ' +
    'Bodies over 16 KB are refused. ' +
    'Failed sign-ins and wrong codes are throttled like the sign-in form (429); a client that sends the device_token of ' +
    'its last sign-in to the account is throttled on its own, so others guessing cannot lock it out. ' +
    'A sign-in records the User-Agent and the client address (see TRUST_PROXY_HOPS).',
  tags: ['OAuth'],
  // No authentication (Latchkey's own clients, public apps), or a confidential app's Basic authorization.
  security: [{}, { clientSecretBasic: [] }],
  requestBody: formOrJson({ oneOf: [ref('PasswordGrant'), ref('RefreshTokenGrant'), ref('MfaOtpGrant'), ref('AuthorizationCodeGrant')] }, {
    password: { summary: 'Sign in', value: { grant_type: 'password', username: 'demo@example.com', password: 'demo-password-123' } },
    password_with_device: {
      summary: 'Sign in again from a known device',
      value: { grant_type: 'password', username: 'demo@example.com', password: 'demo-password-123', device_token: DEVICE_TOKEN_EXAMPLE },
    },
    mfa_otp: { summary: 'Second factor', value: { grant_type: 'mfa_otp', mfa_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6Im1mYS1jaGFsbGVuZ2Urand0In0.e30.c2lnbmF0dXJl', otp: '123456' } },
    refresh: { summary: 'Refresh', value: { grant_type: 'refresh_token', refresh_token: 'sBq0w0yHh5T8hO4tqfY2aw.9xZ4eQvT0mJr6g8bF1kHc2LwS5pN7uYd3aVe0iXo4qR' } },
    authorization_code: {
      summary: 'An app exchanges its code (public app; a confidential one adds client_secret or Basic authorization)',
      value: {
        grant_type: 'authorization_code',
        code: 'Yx9k2bQ0cW1m8tR5vN3pL7sD4fH6jK0aZ2eU9iO1qT8',
        redirect_uri: 'https://app.example.com/callback',
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        client_id: 'q3Vf9ZpR2xLm8TnB1cY7wA',
      },
    },
    app_refresh: {
      summary: 'An app refreshes its grant (confidential app, client_secret_post)',
      value: { grant_type: 'refresh_token', refresh_token: APP_REFRESH_TOKEN_EXAMPLE, client_id: 'q3Vf9ZpR2xLm8TnB1cY7wA', client_secret: CLIENT_SECRET_EXAMPLE },
    },
  }),
  responses: {
    '200': {
      description: 'Tokens issued.',
      headers: NO_STORE_HEADERS,
      content: {
        'application/json': {
          // anyOf: an app's answer with a refresh token has every field of TokenResponse too.
          schema: { anyOf: [ref('TokenResponse'), ref('AppTokenResponse')] },
          examples: {
            sign_in: {
              summary: 'Password or mfa_otp grant',
              value: {
                access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.e30.c2lnbmF0dXJl',
                token_type: 'bearer',
                expires_in: 900,
                refresh_token: 'sBq0w0yHh5T8hO4tqfY2aw.9xZ4eQvT0mJr6g8bF1kHc2LwS5pN7uYd3aVe0iXo4qR',
                device_token: DEVICE_TOKEN_EXAMPLE,
              },
            },
            refresh: {
              summary: 'refresh_token grant',
              value: {
                access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.e30.c2lnbmF0dXJl',
                token_type: 'bearer',
                expires_in: 900,
                refresh_token: 'sBq0w0yHh5T8hO4tqfY2aw.9xZ4eQvT0mJr6g8bF1kHc2LwS5pN7uYd3aVe0iXo4qR',
              },
            },
            app: {
              summary: "An app's authorization_code or refresh_token grant, with the offline_access scope",
              value: {
                access_token: APP_ACCESS_TOKEN_EXAMPLE,
                token_type: 'bearer',
                expires_in: 900,
                id_token: ID_TOKEN_EXAMPLE,
                scope: 'openid email offline_access',
                refresh_token: APP_REFRESH_TOKEN_EXAMPLE,
              },
            },
            app_without_offline_access: {
              summary: "An app's authorization_code grant without offline_access: no refresh token",
              value: { access_token: APP_ACCESS_TOKEN_EXAMPLE, token_type: 'bearer', expires_in: 900, id_token: ID_TOKEN_EXAMPLE, scope: 'openid profile email' },
            },
          },
        },
      },
    },
    '400': errorResponse("The request is malformed, the grant type unknown, the credentials or refresh token are wrong, or an app's code is refused.", {
      ...BODY_ERRORS,
      missing_grant_type: oauthError(T.missing_parameters(['grant_type'])),
      missing_username: oauthError(T.missing_parameters(['username'])),
      missing_password: oauthError(T.missing_parameters(['password'])),
      missing_refresh_token: oauthError(T.missing_parameters(['refresh_token'])),
      missing_otp: oauthError(T.missing_parameters(['otp'])),
      missing_code_verifier: oauthError(T.missing_parameters(['code_verifier'])),
      unsupported_grant_type: oauthError(M.unsupported_grant_type),
      wrong_credentials: oauthError(M.wrong_credentials),
      account_disabled: oauthError(M.account_disabled),
      bad_refresh_token: oauthError(M.bad_refresh_token),
      wrong_otp: oauthError(M.wrong_otp),
      expired_mfa_token: oauthError(M.expired_mfa_token),
      client_auth_twice: oauthError(M.client_auth_twice),
      bad_code: oauthError(M.bad_code),
      code_reused: oauthError(M.code_reused),
      code_expired: oauthError(M.code_expired),
      redirect_uri_mismatch: oauthError(M.redirect_uri_mismatch),
      pkce_mismatch: oauthError(M.pkce_mismatch),
    }),
    '401': {
      description:
        'mfa_required: the password was right, but the account needs a second factor (use mfa_token with the mfa_otp grant). ' +
        'invalid_client: a password or mfa_otp request tried to authenticate a client (client_secret or Basic authorization), or an ' +
        "app's authentication failed (unknown or disabled client_id, wrong secret, a secret from a public app), or a client_secret came without a client_id.",
      headers: { ...NO_STORE_HEADERS, 'WWW-Authenticate': header('BasicChallenge') },
      content: {
        'application/json': {
          schema: { oneOf: [ref('MfaRequired'), ref('Error')] },
          examples: {
            mfa_required: {
              value: {
                ...oauthError(M.mfa_required).value,
                mfa_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6Im1mYS1jaGFsbGVuZ2Urand0In0.e30.c2lnbmF0dXJl',
              },
            },
            invalid_client: oauthError(M.public_clients_only),
            client_auth_failed: oauthError(M.client_auth_failed),
          },
        },
      },
    },
    ...CROSS_SITE,
    '429': errorResponse(
      'Too many failed sign-ins or second-factor codes for this account (LOGIN_MAX_ATTEMPTS within LOGIN_WINDOW), from this address, ' +
        'or with this device_token. Retry after Retry-After seconds.',
      { too_many_attempts: oauthError(T.too_many_attempts(60)) },
      RETRY_AFTER,
    ),
    ...SERVER_ERRORS,
  },
};

const revoke: Operation = {
  operationId: 'revokeToken',
  summary: 'Revoke a token and end its session (RFC 7009)',
  description:
    'A refresh token or an access token ends the whole session it belongs to. Unknown, expired and malformed tokens get ' +
    'the same 200, so the endpoint reveals nothing about a token. A registered app authenticates as at the token endpoint ' +
    '(Basic authorization or client_id and client_secret; a public app sends client_id alone) and revokes its own ' +
    'tokens: its access or refresh token ends the whole grant. A token of another app, or the user\'s own session, ' +
    'changes nothing and gets the same 200.',
  tags: ['OAuth'],
  security: [{}, { clientSecretBasic: [] }],
  requestBody: formOrJson(ref('RevokeRequest'), {
    refresh: { summary: 'Revoke a refresh token', value: { token: 'sBq0w0yHh5T8hO4tqfY2aw.9xZ4eQvT0mJr6g8bF1kHc2LwS5pN7uYd3aVe0iXo4qR', token_type_hint: 'refresh_token' } },
    app: {
      summary: 'An app revokes its grant (confidential app, client_secret_post)',
      value: { token: APP_REFRESH_TOKEN_EXAMPLE, client_id: 'q3Vf9ZpR2xLm8TnB1cY7wA', client_secret: CLIENT_SECRET_EXAMPLE },
    },
  }),
  responses: {
    '200': {
      description: 'Revoked, or the token was not valid: the answer is the same.',
      headers: NO_STORE_HEADERS,
      content: { 'application/json': { schema: { type: 'object', maxProperties: 0 }, examples: { revoked: { value: {} } } } },
    },
    '400': errorResponse('The request is malformed or has no token, or an app sent Basic authorization and client_secret both.', {
      ...BODY_ERRORS,
      missing_token: oauthError(T.missing_parameters(['token'])),
      client_auth_twice: oauthError(M.client_auth_twice),
    }),
    '401': errorResponse(
      "The app's authentication failed (unknown or disabled client_id, wrong secret, a secret from a public app), or a client_secret came without a client_id.",
      { client_auth_failed: oauthError(M.client_auth_failed), invalid_client: oauthError(M.public_clients_only) },
      { 'WWW-Authenticate': header('BasicChallenge') },
    ),
    ...CROSS_SITE,
    ...SERVER_ERRORS,
  },
};

const me: Operation = {
  operationId: 'getCurrentUser',
  summary: 'The user the access token belongs to',
  description: 'Needs Authorization: Bearer <access token> with a live session. Cookies are not accepted.',
  tags: ['Users'],
  security: [{ bearer: [] }],
  responses: {
    '200': { description: 'The user.', headers: NO_STORE_HEADERS, content: { 'application/json': { schema: ref('User') } } },
    '401': errorResponse(
      'No, a malformed, an expired, a forged or a revoked-session access token.',
      {
        missing: oauthError(M.no_access_token),
        malformed: oauthError(M.malformed_authorization),
        invalid: oauthError(M.invalid_token),
      },
      { 'WWW-Authenticate': header('BearerChallenge') },
    ),
    ...SERVER_ERRORS,
  },
};

/** OpenID Connect Core 1.0 section 5.3: GET and POST answer alike (the token only in the Authorization header). */
function userinfo(method: 'GET' | 'POST'): Operation {
  return {
    operationId: method === 'GET' ? 'getUserInfo' : 'postUserInfo',
    summary: "The claims an app's access token may read (OpenID Connect UserInfo)",
    description:
      "Needs Authorization: Bearer <an app's access token> (from the authorization_code or refresh_token grant of a registered " +
      "app). The user's own access tokens (audience latchkey) and ID tokens are refused. The claims follow the scopes of the " +
      'grant: sub always; email and email_verified with email; locale (when the user chose a language) and updated_at with ' +
      "profile. The grant is read on every call: a revoked grant, a disabled app or a disabled account answers 401 at once. " +
      'The token is read from the Authorization header only, not from a form body.',
    tags: ['OpenID Connect'],
    security: [{ appBearer: [] }],
    responses: {
      '200': { description: 'The claims.', headers: NO_STORE_HEADERS, content: { 'application/json': { schema: ref('UserInfo') } } },
      '401': errorResponse(
        "No, a malformed, an expired or a forged app access token, one of a grant that has ended, or a token that is not an app's access token.",
        {
          missing: oauthError(M.no_access_token),
          malformed: oauthError(M.malformed_authorization),
          invalid: oauthError(M.invalid_token),
        },
        { 'WWW-Authenticate': header('BearerChallenge') },
      ),
      ...(method === 'POST' ? CROSS_SITE : {}),
      ...SERVER_ERRORS,
    },
  };
}

const discovery: Operation = {
  operationId: 'getOpenIdConfiguration',
  summary: 'The OpenID Connect provider metadata (Discovery 1.0 section 4)',
  description:
    'What an app\'s OpenID Connect library reads to sign users in through Latchkey: the endpoints, scopes, claims and ' +
    'algorithms. The issuer is APP_URL. Cached for 5 minutes.',
  tags: ['OpenID Connect'],
  responses: { '200': { description: 'The provider metadata.', content: { 'application/json': { schema: ref('OpenIdConfiguration') } } } },
};

const health: Operation = {
  operationId: 'getHealth',
  summary: 'Whether the server and its database answer',
  tags: ['Operations'],
  responses: {
    '200': { description: 'The database answered SELECT 1.', content: { 'application/json': { schema: ref('Health'), examples: { ok: { value: { status: 'ok', database: 'ok' } } } } } },
    '503': {
      description: 'The database did not answer within 2 seconds, or failed.',
      content: { 'application/json': { schema: ref('Health'), examples: { unreachable: { value: { status: 'error', database: 'unreachable' } } } } },
    },
    '500': SERVER_ERRORS['500']!,
  },
};

const liveness: Operation = {
  operationId: 'getLiveness',
  summary: 'Whether the process answers (liveness probe); asks nothing of the database',
  tags: ['Operations'],
  responses: {
    '200': { description: 'The process answers HTTP.', content: { 'application/json': { schema: ref('Probe'), examples: { ok: { value: { status: 'ok' } } } } } },
    '500': SERVER_ERRORS['500']!,
  },
};

const readiness: Operation = {
  operationId: 'getReadiness',
  summary: 'Whether this server should be sent requests (readiness probe)',
  tags: ['Operations'],
  responses: {
    '200': {
      description: 'The database answered within 2 seconds and every migration is applied.',
      content: { 'application/json': { schema: ref('Probe'), examples: { ok: { value: { status: 'ok', database: 'ok', migrations: 'applied' } } } } },
    },
    '503': {
      description: 'The database did not answer within 2 seconds or failed, a migration is not applied, or the server is shutting down.',
      content: {
        'application/json': {
          schema: ref('Probe'),
          examples: {
            unreachable: { value: { status: 'error', database: 'unreachable' } },
            pending: { value: { status: 'error', database: 'ok', migrations: 'pending' } },
            shuttingDown: { value: { status: 'shutting_down' } },
          },
        },
      },
    },
    '500': SERVER_ERRORS['500']!,
  },
};

const openapi: Operation = {
  operationId: 'getOpenApiDocument',
  summary: 'This document',
  tags: ['Operations'],
  responses: { '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
};

const jwks: Operation = {
  operationId: 'getJwks',
  summary: 'Public keys that verify access tokens and ID tokens (JWK Set, RFC 7517)',
  description:
    "Select the key by the kid in the token's header. Holds the access-token keys with JWT_ALG=ES256 or EdDSA, and the keys of " +
    "ID tokens and apps' access tokens (with JWT_ALG=HS256 a separate ES256 key). The HS256 secret is never published.",
  tags: ['OAuth'],
  responses: { '200': { description: 'The JWK Set.', content: { 'application/json': { schema: ref('JwkSet') } } } },
};

export function openApiDocument(serverUrl: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Latchkey API',
      version: '1.0.0',
      description:
        'Sign-in, token refresh and revocation for programs, the signed-in user, and the token and userinfo endpoints of ' +
        'apps that sign their users in through Latchkey (OpenID Connect). Errors are {"error", "error_description"}.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'OAuth', description: 'Tokens (RFC 6749, RFC 7009, RFC 7517)' },
      { name: 'OpenID Connect', description: 'Apps signing their users in through Latchkey (OpenID Connect Core 1.0, Discovery 1.0)' },
      { name: 'Users', description: 'Needs a bearer access token' },
      { name: 'Operations', description: 'Health and description' },
    ],
    paths: {
      '/api/auth/token': { post: token },
      '/api/auth/revoke': { post: revoke },
      '/api/users/me': { get: me },
      '/api/health': { get: health },
      '/api/health/live': { get: liveness },
      '/api/health/ready': { get: readiness },
      '/api/openapi.json': { get: openapi },
      '/.well-known/jwks.json': { get: jwks },
      '/.well-known/openid-configuration': { get: discovery },
      '/oauth/userinfo': { get: userinfo('GET'), post: userinfo('POST') },
    },
    components: {
      schemas: SCHEMAS,
      headers: {
        CacheControlNoStore: { description: 'Always no-store: the answer carries tokens or personal data.', schema: { const: 'no-store' } },
        PragmaNoCache: { description: 'For HTTP/1.0 caches.', schema: { const: 'no-cache' } },
        BasicChallenge: { description: 'Basic realm="latchkey"; sent with invalid_client only.', schema: { const: 'Basic realm="latchkey"' } },
        BearerChallenge: {
          description: 'Bearer realm="latchkey", error="invalid_token", error_description="<the same sentence as the body>"',
          schema: { type: 'string', pattern: '^Bearer realm="latchkey", error="invalid_token", error_description="[^"\\\\]*"$' },
        },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from /api/auth/token.' },
        appBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A registered app's access token (RFC 9068: typ at+jwt, aud and client_id the app's client_id) from /api/auth/token.",
        },
        clientSecretBasic: {
          type: 'http',
          scheme: 'basic',
          description: "A confidential app's client_id and client_secret, each form-urlencoded (RFC 6749 section 2.3.1).",
        },
      },
    },
  };
}
