import { afterEach, describe, expect, test, vi } from 'vitest';
import { signIn } from '@/lib/accounts/sign-in';
import { refreshSession, validateAccessToken } from '@/lib/accounts/sessions';
import { completeMfaSignIn } from '@/lib/accounts/two-factor-sign-in';
import { type ApiMessage, API_MESSAGES, API_MESSAGE_TEMPLATES, ERROR_STATUS } from '@/lib/api/messages';
import { challengeText } from '@/lib/api/bearer';
import { openApiDocument } from '@/lib/api/openapi';
import { MAX_BODY_BYTES } from '@/lib/api/params';
import { PasswordQueueFullError } from '@/lib/auth/password-pool';
import { type AppClient, authenticateClient } from '@/lib/oauth/clients';
import { exchangeCode, refreshGrant } from '@/lib/oauth/grants';
import { POST as revoke } from '@/app/api/auth/revoke/route';
import { POST as token } from '@/app/api/auth/token/route';
import { GET as me } from '@/app/api/users/me/route';
import { GET as userinfoGet, POST as userinfoPost } from '@/app/oauth/userinfo/route';
import { userInfo } from '@/lib/oauth/userinfo';
import { captureLog } from '../support/log';

// Every error an API handler can return is one of lib/api/messages.ts, and every one of those is
// shown in the OpenAPI document under its status. Handlers describe it in the language of the
// request's Accept-Language, with the same code. The use cases are replaced by mocks, so each
// failure they report can be produced here without a database.

vi.mock('@/lib/accounts/sign-in', async (importOriginal) => ({ ...(await importOriginal<object>()), signIn: vi.fn() }));
vi.mock('@/lib/accounts/two-factor-sign-in', () => ({ completeMfaSignIn: vi.fn() }));
vi.mock('@/lib/accounts/sessions', () => ({ refreshSession: vi.fn(), validateAccessToken: vi.fn(), endSession: vi.fn() }));
vi.mock('@/lib/oauth/clients', () => ({ authenticateClient: vi.fn() }));
vi.mock('@/lib/oauth/grants', () => ({ exchangeCode: vi.fn(), refreshGrant: vi.fn() }));
vi.mock('@/lib/oauth/revocation', () => ({ revokeAppToken: vi.fn() }));
vi.mock('@/lib/oauth/userinfo', () => ({ userInfo: vi.fn() }));

const M = API_MESSAGES;
const T = API_MESSAGE_TEMPLATES;
type Name = keyof typeof M | keyof typeof T;

// One instance of each sentence with a variable part: a new template does not compile until it has one.
const TEMPLATE_EXAMPLES: { [K in keyof typeof T]: Parameters<(typeof T)[K]> } = {
  unreadable_body: [MAX_BODY_BYTES],
  repeated_parameter: ['grant_type'],
  parameter_not_string: ['grant_type'],
  missing_parameters: [['grant_type']],
  too_many_attempts: [60],
};

function allMessages(): [Name, ApiMessage][] {
  const templated = Object.entries(TEMPLATE_EXAMPLES).map(([name, args]) => {
    const template = T[name as keyof typeof T] as (...args: unknown[]) => ApiMessage;
    return [name as Name, template(...args)] as [Name, ApiMessage];
  });
  return [...(Object.entries(M) as [Name, ApiMessage][]), ...templated];
}

type Documented = { status: string; error: unknown; description: unknown };

function documentedErrors(): Documented[] {
  type Responses = Record<string, { content?: Record<string, { examples?: Record<string, { value?: Record<string, unknown> }> }> }>;
  const { paths } = openApiDocument('http://localhost:3000') as unknown as { paths: Record<string, Record<string, { responses: Responses }>> };
  return Object.values(paths).flatMap((item) =>
    Object.values(item).flatMap(({ responses }) =>
      Object.entries(responses).flatMap(([status, response]) =>
        Object.values(response.content ?? {}).flatMap((media) =>
          Object.values(media.examples ?? {}).map(({ value }) => ({ status, error: value?.error, description: value?.error_description })),
        ),
      ),
    ),
  );
}

test('every message is shown in the OpenAPI document, in English, under its status', () => {
  const documented = documentedErrors();
  for (const [name, { error, describe }] of allMessages()) {
    expect(documented, name).toContainEqual({ status: String(ERROR_STATUS[error]), error, description: describe('en') });
  }
});

test('every message has its own German sentence', () => {
  for (const [name, { describe }] of allMessages()) {
    expect(describe('de'), name).not.toBe(describe('en'));
    expect(describe('de').length, name).toBeGreaterThan(10);
  }
});

test('WWW-Authenticate descriptions are printable ASCII without quote or backslash, in any language', () => {
  expect(challengeText('Die Anfrage enthält kein Zugriffstoken. „Bearer“ \\ "x" Straße, café')).toBe(
    "Die Anfrage enthaelt kein Zugriffstoken. 'Bearer' ' 'x' Strasse, cafe",
  );
});

describe('what the handlers answer', () => {
  // The unavailable and busy cases log an error, as they should; here it is kept off the test output.
  captureLog();
  afterEach(() => {
    vi.resetAllMocks();
  });

  const APP = 'http://localhost:3000';
  // Each case is asked without Accept-Language (DEFAULT_LOCALE, English) and with German preferred.
  let language: Record<string, string> = {};
  const form = (body: string, headers: Record<string, string> = {}) =>
    new Request(`${APP}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...language, ...headers }, body });
  const jsonBody = (body: string) => new Request(`${APP}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...language }, body });
  const bearer = (authorization?: string, path = '/api/users/me', method = 'GET') =>
    new Request(`${APP}${path}`, { method, headers: { ...language, ...(authorization ? { authorization } : {}) } });
  const revokeForm = (body: string, headers: Record<string, string> = {}) =>
    revoke(new Request(`${APP}/api/auth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...language, ...headers }, body }));
  const PASSWORD = 'grant_type=password&username=ada%40example.com&password=correct-horse-battery';
  const MFA_OTP = 'grant_type=mfa_otp&mfa_token=challenge&otp=123456';
  const CODE = 'grant_type=authorization_code&code=c0de&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&code_verifier=v&client_id=app';
  const APP_CLIENT: AppClient = { id: 'app', name: 'App', type: 'PUBLIC', redirectUris: [], postLogoutRedirectUris: [], scopes: [], disabledAt: null, createdAt: new Date() };
  /** The app authenticates, and the code exchange is refused with `error`. */
  const codeRefused = (error: 'bad_code' | 'code_reused' | 'code_expired' | 'redirect_uri_mismatch' | 'pkce_mismatch') => () => {
    vi.mocked(authenticateClient).mockResolvedValue({ ok: true, client: APP_CLIENT });
    vi.mocked(exchangeCode).mockResolvedValue({ ok: false, error });
    return token(form(CODE));
  };

  type Case = { name: Name; expected: ApiMessage; answer: () => Promise<Response>; mfaToken?: string; retryAfter?: string };

  const cases: Case[] = [
    // Any route (lib/api/handler.ts).
    { name: 'invalid_origin', expected: M.invalid_origin, answer: () => token(form(PASSWORD, { origin: 'https://evil.example' })) },
    { name: 'server_error', expected: M.server_error, answer: () => (vi.mocked(signIn).mockRejectedValue(new Error('boom')), token(form(PASSWORD))) },
    {
      name: 'database_unavailable',
      expected: M.database_unavailable,
      answer: () => (vi.mocked(signIn).mockRejectedValue(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })), token(form(PASSWORD))),
      retryAfter: '5',
    },
    { name: 'busy', expected: M.busy, answer: () => (vi.mocked(signIn).mockRejectedValue(new PasswordQueueFullError()), token(form(PASSWORD))), retryAfter: '1' },
    // Reading a body (lib/api/params.ts).
    { name: 'unsupported_content_type', expected: M.unsupported_content_type, answer: () => token(form(PASSWORD, { 'content-type': 'text/plain' })) },
    { name: 'unreadable_body', expected: T.unreadable_body(MAX_BODY_BYTES), answer: () => token(form('a'.repeat(MAX_BODY_BYTES + 1))) },
    { name: 'repeated_parameter', expected: T.repeated_parameter('grant_type'), answer: () => token(form('grant_type=password&grant_type=password')) },
    { name: 'bad_json', expected: M.bad_json, answer: () => token(jsonBody('{')) },
    { name: 'json_not_object', expected: M.json_not_object, answer: () => token(jsonBody('[]')) },
    { name: 'parameter_not_string', expected: T.parameter_not_string('grant_type'), answer: () => token(jsonBody('{"grant_type":1}')) },
    // Token and revocation requests (lib/api/oauth.ts).
    { name: 'public_clients_only', expected: M.public_clients_only, answer: () => token(form(`${PASSWORD}&client_secret=s`)) },
    { name: 'public_clients_only', expected: M.public_clients_only, answer: () => token(form(PASSWORD, { authorization: 'Basic eDp5' })) },
    { name: 'missing_parameters', expected: T.missing_parameters(['grant_type']), answer: () => token(form('username=a')) },
    { name: 'missing_parameters', expected: T.missing_parameters(['username', 'password']), answer: () => token(form('grant_type=password')) },
    { name: 'missing_parameters', expected: T.missing_parameters(['refresh_token']), answer: () => token(form('grant_type=refresh_token')) },
    { name: 'missing_parameters', expected: T.missing_parameters(['mfa_token', 'otp']), answer: () => token(form('grant_type=mfa_otp')) },
    {
      name: 'missing_parameters',
      expected: T.missing_parameters(['token']),
      answer: () => revokeForm('x=1'),
    },
    { name: 'unsupported_grant_type', expected: M.unsupported_grant_type, answer: () => token(form('grant_type=client_credentials')) },
    // Apps (lib/oauth/grants.ts).
    { name: 'client_auth_twice', expected: M.client_auth_twice, answer: () => token(form(`${CODE}&client_secret=s`, { authorization: 'Basic YXBwOnM=' })) },
    {
      name: 'client_auth_failed',
      expected: M.client_auth_failed,
      answer: () => (vi.mocked(authenticateClient).mockResolvedValue({ ok: false, error: 'invalid_client' }), token(form(CODE))),
    },
    { name: 'bad_code', expected: M.bad_code, answer: codeRefused('bad_code') },
    { name: 'code_reused', expected: M.code_reused, answer: codeRefused('code_reused') },
    { name: 'code_expired', expected: M.code_expired, answer: codeRefused('code_expired') },
    { name: 'redirect_uri_mismatch', expected: M.redirect_uri_mismatch, answer: codeRefused('redirect_uri_mismatch') },
    { name: 'pkce_mismatch', expected: M.pkce_mismatch, answer: codeRefused('pkce_mismatch') },
    {
      name: 'bad_refresh_token',
      expected: M.bad_refresh_token,
      // An app's refresh token: invalid, reused (the grant then ends) or another app's, the same answer.
      answer: () => {
        vi.mocked(authenticateClient).mockResolvedValue({ ok: true, client: APP_CLIENT });
        vi.mocked(refreshGrant).mockResolvedValue({ ok: false, error: 'bad_refresh_token' });
        return token(form('grant_type=refresh_token&refresh_token=r&client_id=app'));
      },
    },
    // An app revoking its token (app/api/auth/revoke/route.ts).
    { name: 'client_auth_twice', expected: M.client_auth_twice, answer: () => revokeForm('token=t&client_secret=s', { authorization: 'Basic YXBwOnM=' }) },
    {
      name: 'client_auth_failed',
      expected: M.client_auth_failed,
      answer: () => (vi.mocked(authenticateClient).mockResolvedValue({ ok: false, error: 'invalid_client' }), revokeForm('token=t&client_id=app&client_secret=wrong')),
    },
    { name: 'public_clients_only', expected: M.public_clients_only, answer: () => revokeForm('token=t&client_secret=s') },
    // Grants (lib/api/grants.ts).
    { name: 'wrong_credentials', expected: M.wrong_credentials, answer: () => token(form('grant_type=password&username=not-an-email&password=x')) },
    {
      name: 'wrong_credentials',
      expected: M.wrong_credentials,
      answer: () => (vi.mocked(signIn).mockResolvedValue({ ok: false, error: 'invalid_credentials' }), token(form(PASSWORD))),
    },
    {
      name: 'account_disabled',
      expected: M.account_disabled,
      answer: () => (vi.mocked(signIn).mockResolvedValue({ ok: false, error: 'account_disabled' }), token(form(PASSWORD))),
    },
    {
      name: 'account_disabled',
      expected: M.account_disabled,
      answer: () => (vi.mocked(completeMfaSignIn).mockResolvedValue({ ok: false, error: 'account_disabled' }), token(form(MFA_OTP))),
    },
    {
      name: 'mfa_required',
      expected: M.mfa_required,
      answer: () => (vi.mocked(signIn).mockResolvedValue({ ok: false, error: 'mfa_required', challenge: 'the-challenge' }), token(form(PASSWORD))),
      mfaToken: 'the-challenge',
    },
    {
      name: 'too_many_attempts',
      expected: T.too_many_attempts(90),
      answer: () => (vi.mocked(signIn).mockResolvedValue({ ok: false, error: 'throttled', retryAfterSeconds: 90 }), token(form(PASSWORD))),
      retryAfter: '90',
    },
    {
      name: 'too_many_attempts',
      expected: T.too_many_attempts(30),
      answer: () => (vi.mocked(completeMfaSignIn).mockResolvedValue({ ok: false, error: 'throttled', retryAfterSeconds: 30 }), token(form(MFA_OTP))),
      retryAfter: '30',
    },
    {
      name: 'wrong_otp',
      expected: M.wrong_otp,
      answer: () => (vi.mocked(completeMfaSignIn).mockResolvedValue({ ok: false, error: 'wrong_code' }), token(form(MFA_OTP))),
    },
    {
      name: 'expired_mfa_token',
      expected: M.expired_mfa_token,
      answer: () => (vi.mocked(completeMfaSignIn).mockResolvedValue({ ok: false, error: 'expired' }), token(form(MFA_OTP))),
    },
    {
      name: 'bad_refresh_token',
      expected: M.bad_refresh_token,
      // Whatever the rotation reports (invalid, reused, ended): the same answer.
      answer: () => (vi.mocked(refreshSession).mockResolvedValue({ ok: false } as never), token(form('grant_type=refresh_token&refresh_token=r'))),
    },
    // Bearer authentication (lib/api/bearer.ts).
    { name: 'no_access_token', expected: M.no_access_token, answer: () => me(bearer()) },
    { name: 'no_access_token', expected: M.no_access_token, answer: () => userinfoGet(bearer(undefined, '/oauth/userinfo')) },
    { name: 'malformed_authorization', expected: M.malformed_authorization, answer: () => me(bearer('Basic eDp5')) },
    { name: 'invalid_token', expected: M.invalid_token, answer: () => (vi.mocked(validateAccessToken).mockResolvedValue(null), me(bearer('Bearer abc'))) },
    // An app's access token at the UserInfo endpoint (lib/oauth/userinfo.ts), by GET or POST.
    {
      name: 'invalid_token',
      expected: M.invalid_token,
      answer: () => (vi.mocked(userInfo).mockResolvedValue(null), userinfoGet(bearer('Bearer abc', '/oauth/userinfo'))),
    },
    {
      name: 'malformed_authorization',
      expected: M.malformed_authorization,
      answer: () => userinfoPost(bearer('Basic eDp5', '/oauth/userinfo', 'POST')),
    },
  ];

  const LANGUAGES = [
    { locale: 'en', headers: {} },
    { locale: 'de', headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' } },
  ] as const;

  test.each(LANGUAGES.flatMap(({ locale, headers }) => cases.map((item) => [`${locale}: ${item.name}: ${item.expected.describe(locale)}`, { ...item, locale, headers }] as const)))(
    '%s',
    async (_, { expected, answer, mfaToken, retryAfter, locale, headers }) => {
      language = headers;
      const response = await answer();
      expect(response.status).toBe(ERROR_STATUS[expected.error]);
      expect(await response.json()).toEqual({ error: expected.error, error_description: expected.describe(locale), ...(mfaToken ? { mfa_token: mfaToken } : {}) });
      expect(response.headers.get('retry-after')).toBe(retryAfter ?? null);
      const challenge = response.headers.get('www-authenticate');
      if (expected.error === 'invalid_token') {
        expect(challenge).toMatch(/^Bearer realm="latchkey", error="invalid_token", error_description="[\x20\x21\x23-\x5B\x5D-\x7E]+"$/);
        expect(challenge).toContain(challengeText(expected.describe(locale)));
      }
    },
  );

  test('the cases above reach every message', () => {
    expect([...new Set(cases.map(({ name }) => name))].sort()).toEqual(allMessages().map(([name]) => name).sort());
  });
});
