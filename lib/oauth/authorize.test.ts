import { describe, expect, test } from 'vitest';
import { type AuthorizationRequest, authorizationQuery, authorizationResponse } from './authorize';

const request: AuthorizationRequest = {
  client: { id: 'app1', name: 'App', type: 'PUBLIC', redirectUris: [], postLogoutRedirectUris: [], scopes: [], disabledAt: null, createdAt: new Date() },
  redirectUri: 'https://app.example.com/cb?tenant=7',
  scopes: ['openid', 'email'],
  state: 'st&ate',
  nonce: null,
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  prompt: new Set(['login', 'consent']),
  maxAge: 0,
  loginHint: 'ada@example.com',
};

describe('the authorization response (RFC 6749 4.1.2, RFC 9207)', () => {
  test('keeps the redirect URI’s own query and adds the answer, state and iss, encoded', () => {
    const url = new URL(authorizationResponse(request.redirectUri, { code: 'c0de' }, request.state));
    expect(url.origin + url.pathname).toBe('https://app.example.com/cb');
    expect([...url.searchParams]).toEqual([
      ['tenant', '7'],
      ['code', 'c0de'],
      ['state', 'st&ate'],
      ['iss', 'http://localhost:3000'],
    ]);
  });
});

describe('the request sent on to the sign-in page', () => {
  test('is the same request', () => {
    expect(Object.fromEntries(new URLSearchParams(authorizationQuery(request)))).toEqual({
      response_type: 'code',
      client_id: 'app1',
      redirect_uri: 'https://app.example.com/cb?tenant=7',
      scope: 'openid email',
      state: 'st&ate',
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
      prompt: 'login consent',
      max_age: '0',
      login_hint: 'ada@example.com',
    });
  });

  test('after the sign-in it asked for, without prompt=login and max_age (max_age=0 would ask forever)', () => {
    const again = Object.fromEntries(new URLSearchParams(authorizationQuery(request, { signedInAgain: true })));
    expect(again.prompt).toBe('consent');
    expect(again.max_age).toBeUndefined();
    expect(again.state).toBe('st&ate');
  });
});
