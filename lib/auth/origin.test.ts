import { describe, expect, test } from 'vitest';
import { isAllowedOrigin } from './origin';

// test/support/env.ts sets APP_URL=http://localhost:3000.
const request = (method: string, origin?: string) => ({ method, headers: new Headers(origin ? { origin } : {}) });

describe('isAllowedOrigin', () => {
  test('safe methods pass from anywhere', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(isAllowedOrigin(request(method, 'https://evil.example'), false)).toBe(true);
  });

  test('a POST from APP_URL passes', () => {
    expect(isAllowedOrigin(request('POST', 'http://localhost:3000'), false)).toBe(true);
  });

  test.each(['https://evil.example', 'http://localhost:3001', 'https://localhost:3000', 'http://localhost.evil.example', 'null'])(
    'a POST from %s is refused',
    (origin) => {
      expect(isAllowedOrigin(request('POST', origin), false)).toBe(false);
      expect(isAllowedOrigin(request('POST', origin), true)).toBe(false);
    },
  );

  test('other state-changing methods are checked too', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(isAllowedOrigin(request(method, 'https://evil.example'), true)).toBe(false);
  });

  test('no Origin: refused for pages, allowed for the API (programs send none)', () => {
    expect(isAllowedOrigin(request('POST'), false)).toBe(false);
    expect(isAllowedOrigin(request('POST'), true)).toBe(true);
  });
});
