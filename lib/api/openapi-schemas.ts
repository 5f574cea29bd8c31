import { SIGN_IN_METHODS } from '../accounts/sign-in';
import type { JsonSchema } from './openapi-types';

// Schemas of the bodies in openapi.ts, with examples of the values the API really produces.

const ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
  'mfa_required',
  'invalid_token',
  'server_error',
  'temporarily_unavailable',
  'too_many_attempts',
  'invalid_origin',
];

export const SCHEMAS: Record<string, JsonSchema> = {
  PasswordGrant: {
    type: 'object',
    required: ['grant_type', 'username', 'password'],
    properties: {
      grant_type: { const: 'password' },
      username: { type: 'string', description: 'The email address; trimmed and lower-cased.', examples: ['demo@example.com'] },
      password: { type: 'string', maxLength: 1024, examples: ['demo-password-123'] },
      device_token: {
        type: 'string',
        description:
          'Optional: the device_token this client got from its last sign-in to this account. With a valid one, failed ' +
          "attempts count against this device alone, not the account's or the address's limits, so others guessing the " +
          'password cannot lock this client out. An invalid, expired or another account\'s token counts as none.',
      },
      client_id: { type: 'string', description: 'Accepted and ignored (public clients).' },
      scope: { type: 'string', description: 'Accepted and ignored.' },
    },
  },
  RefreshTokenGrant: {
    type: 'object',
    required: ['grant_type', 'refresh_token'],
    properties: {
      grant_type: { const: 'refresh_token' },
      refresh_token: { type: 'string', description: '<session tag>.<secret>, as issued.' },
      client_id: {
        type: 'string',
        description: "A registered app's client_id: the refresh token of its grant (with client_secret or Basic authorization for a confidential app). Without it: the user's own session.",
      },
      client_secret: { type: 'string', description: "A confidential app's secret (client_secret_post); or send Basic authorization instead." },
    },
  },
  AuthorizationCodeGrant: {
    type: 'object',
    required: ['grant_type', 'code', 'redirect_uri', 'code_verifier'],
    description:
      'A registered app exchanges the code of the authorization endpoint (/oauth/authorize) once, within 60 seconds. ' +
      'Client authentication: Basic authorization or client_id and client_secret (confidential apps), client_id alone (public apps).',
    properties: {
      grant_type: { const: 'authorization_code' },
      code: { type: 'string', description: 'From the redirect to the app: works once, within 60 seconds; a second use revokes the tokens it gave.' },
      redirect_uri: { type: 'string', description: 'The redirect_uri of the authorization request, exactly.' },
      code_verifier: {
        type: 'string',
        description: 'The PKCE verifier (RFC 7636) of the request’s S256 code_challenge: 43 to 128 characters of A-Z a-z 0-9 - . _ ~.',
      },
      client_id: { type: 'string', description: 'Required unless Basic authorization names the client.' },
      client_secret: { type: 'string', description: "A confidential app's secret (client_secret_post); or send Basic authorization instead, not both." },
    },
  },
  MfaOtpGrant: {
    type: 'object',
    required: ['grant_type', 'mfa_token', 'otp'],
    description: 'The second step of signing in to an account with two-factor authentication.',
    properties: {
      grant_type: { const: 'mfa_otp' },
      mfa_token: { type: 'string', description: 'From the mfa_required answer to the password grant; lives 5 minutes.' },
      otp: {
        type: 'string',
        description: 'The 6-digit code of the authenticator app (each code works once), or an unused recovery code such as abcde-fghij.',
        examples: ['123456'],
      },
      client_id: { type: 'string', description: 'Accepted and ignored (public clients).' },
    },
  },
  MfaRequired: {
    type: 'object',
    required: ['error', 'error_description', 'mfa_token'],
    properties: {
      error: { const: 'mfa_required' },
      error_description: { type: 'string' },
      mfa_token: { type: 'string', description: 'A 5-minute challenge for the mfa_otp grant. It is not an access token and is refused as one.' },
    },
  },
  RevokeRequest: {
    type: 'object',
    required: ['token'],
    properties: {
      token: { type: 'string', description: 'A refresh token or an access token.' },
      token_type_hint: { enum: ['refresh_token', 'access_token'], description: 'Optional; not needed to find the token.' },
      client_id: { type: 'string', description: "A registered app's client_id: it revokes a token of its own grant. Without it: the user's own session." },
      client_secret: { type: 'string', description: "A confidential app's secret (client_secret_post); or send Basic authorization instead, not both." },
    },
  },
  TokenResponse: {
    type: 'object',
    required: ['access_token', 'token_type', 'expires_in', 'refresh_token'],
    properties: {
      access_token: { type: 'string', description: 'A JWT (typ at+jwt) with sub, sid, role, iat, exp, iss, aud and jti.' },
      token_type: { const: 'bearer' },
      expires_in: { type: 'integer', description: 'Access token lifetime in seconds (ACCESS_TOKEN_TTL).', examples: [900] },
      refresh_token: { type: 'string', description: 'Opaque; rotates on every use.' },
      device_token: {
        type: 'string',
        description:
          'After a password or mfa_otp grant (not a refresh): a JWT (typ device+jwt) that lives a year and says this client ' +
          'signed in to the account. Keep it, one per account, replacing the older one, and send it with the next password grant. ' +
          'It grants no access and is refused as an access token.',
      },
    },
  },
  AppTokenResponse: {
    type: 'object',
    description: "A registered app's tokens (RFC 6749 section 5.1, OpenID Connect Core 1.0 section 3.1.3.3).",
    required: ['access_token', 'token_type', 'expires_in', 'id_token', 'scope'],
    properties: {
      access_token: {
        type: 'string',
        description: "A JWT (RFC 9068, typ at+jwt) with iss, sub, aud and client_id (the app's client_id), sid, scope, iat, exp and jti, for /oauth/userinfo.",
      },
      token_type: { const: 'bearer' },
      expires_in: { type: 'integer', description: 'Access token and ID token lifetime in seconds (ACCESS_TOKEN_TTL).', examples: [900] },
      id_token: {
        type: 'string',
        description:
          'A JWT (typ JWT) signed with the provider key (ES256, or EdDSA with JWT_ALG=EdDSA; see /.well-known/jwks.json): iss, sub ' +
          '(the user id), aud (the client_id), exp, iat, auth_time, amr, nonce (from the authorization request; none after a ' +
          'refresh), and email and email_verified with the email scope.',
      },
      scope: { type: 'string', description: 'The scopes granted, space-separated.', examples: ['openid email offline_access'] },
      refresh_token: { type: 'string', description: 'With the offline_access scope only. Rotates on every use; a second use of one ends the grant.' },
    },
  },
  UserInfo: {
    type: 'object',
    description: "The claims of the grant's scopes (OpenID Connect Core 1.0 sections 5.3.2 and 5.4).",
    required: ['sub'],
    properties: {
      sub: { type: 'string', format: 'uuid', description: 'The user id, as in the ID token.' },
      email: { type: 'string', format: 'email', description: 'With the email scope.' },
      email_verified: { type: 'boolean', description: 'With the email scope.' },
      locale: { type: 'string', description: 'With the profile scope, when the user chose a language.', examples: ['de'] },
      updated_at: { type: 'integer', description: 'With the profile scope: when the account last changed, in seconds since 1970.' },
    },
    examples: [{ sub: '0b6a1f7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b', email: 'demo@example.com', email_verified: true, locale: 'en', updated_at: 1764322200 }],
  },
  OpenIdConfiguration: {
    type: 'object',
    description: 'OpenID Connect Discovery 1.0 section 3, with end_session_endpoint (RP-Initiated Logout 1.0) and RFC 9207.',
    required: ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'response_types_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported'],
    properties: {
      issuer: { type: 'string', format: 'uri', description: 'APP_URL.' },
      authorization_endpoint: { type: 'string', format: 'uri' },
      token_endpoint: { type: 'string', format: 'uri' },
      userinfo_endpoint: { type: 'string', format: 'uri' },
      jwks_uri: { type: 'string', format: 'uri' },
      revocation_endpoint: { type: 'string', format: 'uri' },
      end_session_endpoint: { type: 'string', format: 'uri' },
      scopes_supported: { type: 'array', items: { type: 'string' } },
      response_types_supported: { type: 'array', items: { const: 'code' } },
      subject_types_supported: { type: 'array', items: { const: 'public' } },
      grant_types_supported: { type: 'array', items: { enum: ['authorization_code', 'refresh_token'] } },
      id_token_signing_alg_values_supported: { type: 'array', items: { enum: ['ES256', 'EdDSA'] } },
      code_challenge_methods_supported: { type: 'array', items: { const: 'S256' } },
      token_endpoint_auth_methods_supported: { type: 'array', items: { enum: ['client_secret_basic', 'client_secret_post', 'none'] } },
      revocation_endpoint_auth_methods_supported: { type: 'array', items: { enum: ['client_secret_basic', 'client_secret_post', 'none'] } },
      response_modes_supported: { type: 'array', items: { const: 'query' } },
      prompt_values_supported: { type: 'array', items: { enum: ['none', 'login', 'consent'] } },
      claims_supported: { type: 'array', items: { type: 'string' } },
      claims_parameter_supported: { const: false },
      request_parameter_supported: { const: false },
      request_uri_parameter_supported: { const: false },
      authorization_response_iss_parameter_supported: { const: true, description: 'RFC 9207: the redirect to the app carries iss.' },
    },
    examples: [
      {
        issuer: 'https://auth.example.com',
        authorization_endpoint: 'https://auth.example.com/oauth/authorize',
        token_endpoint: 'https://auth.example.com/api/auth/token',
        userinfo_endpoint: 'https://auth.example.com/oauth/userinfo',
        jwks_uri: 'https://auth.example.com/.well-known/jwks.json',
        revocation_endpoint: 'https://auth.example.com/api/auth/revoke',
        end_session_endpoint: 'https://auth.example.com/oauth/end-session',
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        code_challenge_methods_supported: ['S256'],
        prompt_values_supported: ['none', 'login', 'consent'],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'amr', 'email', 'email_verified', 'locale', 'updated_at'],
        claims_parameter_supported: false,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
        authorization_response_iss_parameter_supported: true,
      },
    ],
  },
  Error: {
    type: 'object',
    required: ['error', 'error_description'],
    properties: {
      error: { enum: ERROR_CODES, description: 'A stable code for programs.' },
      error_description: { type: 'string', description: 'A sentence for people. Never contains " or \\.' },
    },
  },
  User: {
    type: 'object',
    required: ['id', 'email', 'role', 'createdAt', 'signInMethods'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      email: { type: 'string', format: 'email' },
      role: { enum: ['USER', 'ADMIN'] },
      createdAt: { type: 'string', format: 'date-time' },
      signInMethods: {
        type: 'array',
        items: { enum: [...SIGN_IN_METHODS] },
        uniqueItems: true,
        minItems: 1,
        description:
          'How the account can be signed in to, in this order: "password" when it has one, "passkey" when it has at least one passkey. ' +
          'Passkeys sign in only in the browser; an account without "password" cannot use the password grant.',
      },
    },
    examples: [
      { id: '0b6a1f7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b', email: 'demo@example.com', role: 'USER', createdAt: '2026-01-05T09:30:00.000Z', signInMethods: ['password', 'passkey'] },
    ],
  },
  Health: {
    type: 'object',
    required: ['status', 'database'],
    properties: { status: { enum: ['ok', 'error'] }, database: { enum: ['ok', 'unreachable'] } },
  },
  Probe: {
    type: 'object',
    description: 'Liveness answers only status; readiness adds what it found, or says a shutdown is under way.',
    required: ['status'],
    properties: {
      status: { enum: ['ok', 'error', 'shutting_down'] },
      database: { enum: ['ok', 'unreachable'] },
      migrations: { enum: ['applied', 'pending'] },
    },
  },
  JwkSet: {
    type: 'object',
    required: ['keys'],
    properties: { keys: { type: 'array', items: { $ref: '#/components/schemas/Jwk' } } },
  },
  Jwk: {
    type: 'object',
    description: 'A public key. EC keys have crv P-256, x and y; OKP (Ed25519) keys have crv and x.',
    required: ['kty', 'kid', 'alg', 'use'],
    properties: {
      kty: { enum: ['EC', 'OKP'] },
      kid: { type: 'string' },
      alg: { enum: ['ES256', 'EdDSA'] },
      use: { const: 'sig' },
      crv: { enum: ['P-256', 'Ed25519'] },
      x: { type: 'string', description: 'base64url' },
      y: { type: 'string', description: 'base64url; EC keys only' },
    },
    examples: [
      { kty: 'EC', kid: '2026-01-ec', alg: 'ES256', use: 'sig', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' },
      { kty: 'OKP', kid: '2026-01-ed', alg: 'EdDSA', use: 'sig', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
    ],
  },
};
