import { describe, expect, test } from 'vitest';
import { trustedClientAddress } from './client-address';

describe('trustedClientAddress', () => {
  test('with no trusted proxy the socket peer is the client, whatever X-Forwarded-For claims', () => {
    expect(trustedClientAddress('6.6.6.6', '203.0.113.7', 0)).toBe('203.0.113.7');
    expect(trustedClientAddress(undefined, '203.0.113.7', 0)).toBe('203.0.113.7');
  });

  test('one trusted proxy: the entry it appended, not what the client put before it', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
    expect(trustedClientAddress('6.6.6.6, 198.51.100.20', '10.0.0.2', 1)).toBe('198.51.100.20');
  });

  test('two trusted proxies: counted from the right', () => {
    expect(trustedClientAddress('6.6.6.6, 198.51.100.20, 10.0.0.3', '10.0.0.2', 2)).toBe('198.51.100.20');
  });

  test('more trusted hops than entries: the farthest known address', () => {
    expect(trustedClientAddress('198.51.100.20', '10.0.0.2', 3)).toBe('198.51.100.20');
  });

  test('blank entries are ignored', () => {
    expect(trustedClientAddress(' , 198.51.100.20 ,', '10.0.0.2', 1)).toBe('198.51.100.20');
  });
});
