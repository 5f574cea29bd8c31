import { describe, expect, test } from 'vitest';
import { DEFAULT_AFTER_SIGN_IN, loginPath, safeNextPath, signUpPath, verifyPath } from './redirect';

const ORIGIN = 'https://app.example';

/** Where a browser on ORIGIN would go for a Location header holding this value. */
function resolvesTo(location: string): URL {
  return new URL(location, `${ORIGIN}/login?next=x`);
}

describe('safeNextPath', () => {
  test('the default is /dashboard', () => {
    expect(DEFAULT_AFTER_SIGN_IN).toBe('/dashboard');
  });

  test.each(['/dashboard', '/admin?tab=1', '/settings/sessions#x', '/', '/a/b/c?x=1&y=2#frag'])('accepts %j unchanged', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  test.each([
    '//evil.com',
    '///evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    '\\/evil.com',
    'https://evil.com',
    'HTTPS://evil.com',
    'http:evil.com',
    'http:/evil.com',
    'javascript:alert(1)',
    ' javascript:alert(1)',
    '%2F%2Fevil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    '/\r/evil.com',
    '/ /evil.com',
    '/\u0000/evil.com',
    ' /dashboard',
    'dashboard',
    '',
    '?next=//evil.com',
    '#//evil.com',
  ])('rejects %j', (value) => {
    expect(safeNextPath(value)).toBe('/dashboard');
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an array', ['/admin']],
    ['an object', { toString: () => '/admin' }],
  ])('rejects a non-string (%s)', (_name, value) => {
    expect(safeNextPath(value)).toBe('/dashboard');
  });

  test('rejects a 3000-character path', () => {
    const path = `/${'a'.repeat(2999)}`;
    expect(path.length).toBe(3000);
    expect(safeNextPath(path)).toBe('/dashboard');
  });

  test('accepts a path of exactly 2048 characters', () => {
    const path = `/${'a'.repeat(2047)}`;
    expect(safeNextPath(path)).toBe(path);
  });

  // Harmless to a browser, but a proxy or router that decodes once would see //evil.com.
  test.each(['/%09/evil.com', '/%2F/evil.com', '/%2f%2fevil.com', '/%5Cevil.com', '/%5C%5Cevil.com', '/%0a/evil.com', '/%E0%A4%A'])(
    'rejects the percent-encoded %j',
    (value) => {
      expect(safeNextPath(value)).toBe('/dashboard');
    },
  );

  test('encoded characters in the query are fine', () => {
    expect(safeNextPath('/admin/users?q=a%20b%2F%2F')).toBe('/admin/users?q=a%20b%2F%2F');
  });

  test('normalizes harmless dot segments', () => {
    expect(safeNextPath('/admin/../dashboard')).toBe('/dashboard');
    expect(safeNextPath('/./settings')).toBe('/settings');
  });

  // Resolving dot segments must not turn the path into a protocol-relative URL.
  test.each(['/.//evil.com', '/..//evil.com', '/a/..//evil.com', '/%2e//evil.com', '/%2E%2E//evil.com'])(
    'a dot segment before // does not produce a protocol-relative result (%j)',
    (value) => {
      const result = safeNextPath(value);
      expect(result.startsWith('//')).toBe(false);
      expect(resolvesTo(result).origin).toBe(ORIGIN);
    },
  );

  test('every result for a hostile corpus stays on the same origin', () => {
    const corpus = [
      '//evil.com',
      '/\\evil.com',
      '/%5Cevil.com',
      '/%2F/evil.com',
      '/%2f%2fevil.com',
      '/@evil.com',
      '/evil.com:80',
      '/%09/evil.com',
      '/;//evil.com',
      '/?//evil.com',
      '/#//evil.com',
      '/dashboard?next=//evil.com',
    ];
    for (const value of corpus) {
      const result = safeNextPath(value);
      expect(result.startsWith('/'), value).toBe(true);
      expect(result.startsWith('//'), value).toBe(false);
      expect(resolvesTo(result).origin, value).toBe(ORIGIN);
    }
  });
});

describe('loginPath', () => {
  test('carries a safe path as next', () => {
    expect(loginPath('/admin')).toBe('/login?next=%2Fadmin');
    expect(loginPath('/admin?tab=1')).toBe('/login?next=%2Fadmin%3Ftab%3D1');
  });

  test('drops an unsafe or missing next', () => {
    expect(loginPath('//evil.com')).toBe('/login');
    expect(loginPath('https://evil.com')).toBe('/login');
    expect(loginPath('')).toBe('/login');
    expect(loginPath()).toBe('/login');
  });

  test('drops a next that safeNextPath would rewrite', () => {
    expect(loginPath('/.//evil.com')).toBe('/login');
    expect(loginPath('/admin/../dashboard')).toBe('/login');
  });
});

describe('verifyPath', () => {
  test('keeps next (unless it is the default) and the recovery-code variant', () => {
    expect(verifyPath('/dashboard')).toBe('/login/verify');
    expect(verifyPath('/settings/sessions')).toBe('/login/verify?next=%2Fsettings%2Fsessions');
    expect(verifyPath('/dashboard', 'recovery')).toBe('/login/verify?method=recovery');
    expect(verifyPath('/admin', 'recovery')).toBe('/login/verify?next=%2Fadmin&method=recovery');
  });
});

describe('signUpPath', () => {
  test('keeps an app’s sign-in request, like loginPath, and leaves out the default', () => {
    expect(signUpPath('/oauth/authorize?client_id=a&scope=openid')).toBe('/signup?next=%2Foauth%2Fauthorize%3Fclient_id%3Da%26scope%3Dopenid');
    expect(signUpPath('/dashboard')).toBe('/signup');
    expect(signUpPath('//evil.example')).toBe('/signup');
  });
});
