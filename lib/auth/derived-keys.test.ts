import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { getConfig } from '../config';
import { type KeyPurpose, deriveKey } from './derived-keys';
import { generateRefreshTag, generateRefreshToken, successorOf } from './refresh-token';

const PURPOSES: KeyPurpose[] = ['refresh rotation', 'mfa challenge signing', 'mfa secret encryption', 'device token signing'];

describe('keys derived from JWT_SECRET', () => {
  test('each purpose has its own 256-bit key, none of them the secret itself', () => {
    const keys = PURPOSES.map((purpose) => deriveKey(purpose).toString('hex'));
    expect(new Set(keys).size).toBe(PURPOSES.length);
    for (const key of keys) {
      expect(key).toHaveLength(64);
      expect(key).not.toContain(Buffer.from(getConfig().jwtSecret).toString('hex'));
    }
  });

  test('are HKDF-SHA256 with a versioned label: keys derived before this module keep working', () => {
    // TOTP secrets at rest were encrypted under this derivation: it must never change silently.
    const expected = Buffer.from(hkdfSync('sha256', getConfig().jwtSecret, Buffer.alloc(0), 'latchkey mfa secret encryption v1', 32));
    expect(deriveKey('mfa secret encryption').equals(expected)).toBe(true);
  });

  test('follow the input key', () => {
    expect(deriveKey('mfa secret encryption', 'a'.repeat(40)).equals(deriveKey('mfa secret encryption', 'b'.repeat(40)))).toBe(false);
  });

  test('refresh-token successors are keyed by the derived key, not by the raw secret', () => {
    const token = generateRefreshToken(generateRefreshTag());
    const [tag] = token.split('.');
    const withRawSecret = createHmac('sha256', getConfig().jwtSecret).update(token).digest('base64url');
    const withDerivedKey = createHmac('sha256', deriveKey('refresh rotation')).update(token).digest('base64url');
    expect(successorOf(token)).toBe(`${tag}.${withDerivedKey}`);
    expect(successorOf(token)).not.toBe(`${tag}.${withRawSecret}`);
  });
});
