import { afterEach, describe, expect, test, vi } from 'vitest';
import { decryptSecret, encryptSecret } from './encryption';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The module as loaded under another environment (getConfig reads process.env once per load). */
async function loadWith(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('./encryption');
}

describe('encryption of TOTP secrets', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  test('round trip, with a fresh IV every time and no plaintext in the stored form', () => {
    const first = encryptSecret(SECRET, 'totp:user-1');
    const second = encryptSecret(SECRET, 'totp:user-1');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(SECRET);
    expect(decryptSecret(first, 'totp:user-1')).toBe(SECRET);
    expect(decryptSecret(second, 'totp:user-1')).toBe(SECRET);
  });

  test('a changed byte anywhere, or a truncated value, is detected', () => {
    const stored = encryptSecret(SECRET, 'totp:user-1');
    const [version, iv, sealed] = stored.split('.') as [string, string, string];
    const flip = (text: string, index: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[index]! ^= 1;
      return bytes.toString('base64url');
    };
    const sealedLength = Buffer.from(sealed, 'base64url').length;
    const tampered = [
      `${version}.${flip(iv, 0)}.${sealed}`,
      `${version}.${iv}.${flip(sealed, 0)}`,
      `${version}.${iv}.${flip(sealed, sealedLength - 1)}`,
      `${version}.${iv}.${Buffer.from(sealed, 'base64url').subarray(0, sealedLength - 1).toString('base64url')}`,
      `v2.${iv}.${sealed}`,
      `${version}.${iv}`,
      'garbage',
      '',
    ];
    for (const value of tampered) expect(decryptSecret(value, 'totp:user-1')).toBeNull();
  });

  test('a value only decrypts in its own context (another user row refuses it)', () => {
    expect(decryptSecret(encryptSecret(SECRET, 'totp:user-1'), 'totp:user-2')).toBeNull();
  });

  test('the key comes from MFA_ENCRYPTION_KEY when set, else from JWT_SECRET', async () => {
    const jwtOnly = await loadWith({ MFA_ENCRYPTION_KEY: undefined });
    const fromJwtSecret = jwtOnly.encryptSecret(SECRET, 'c');
    expect(jwtOnly.decryptSecret(fromJwtSecret, 'c')).toBe(SECRET);

    const withKey = await loadWith({ MFA_ENCRYPTION_KEY: 'R6__Le4TDtx2yhbjveIQSU5MIFXzGRPS0g64EBit5jQ' });
    const fromMfaKey = withKey.encryptSecret(SECRET, 'c');
    expect(withKey.decryptSecret(fromMfaKey, 'c')).toBe(SECRET);
    expect(withKey.decryptSecret(fromJwtSecret, 'c')).toBeNull();

    const otherJwtSecret = await loadWith({ MFA_ENCRYPTION_KEY: undefined, JWT_SECRET: 'ES6uKrcbCO95pkq8vNsAy3vAhWc7dcN_Qlm9fE1QSZA' });
    expect(otherJwtSecret.decryptSecret(fromJwtSecret, 'c')).toBeNull();
    // With MFA_ENCRYPTION_KEY set, JWT_SECRET can change without losing the secrets.
    const rotatedJwt = await loadWith({ MFA_ENCRYPTION_KEY: 'R6__Le4TDtx2yhbjveIQSU5MIFXzGRPS0g64EBit5jQ', JWT_SECRET: 'ES6uKrcbCO95pkq8vNsAy3vAhWc7dcN_Qlm9fE1QSZA' });
    expect(rotatedJwt.decryptSecret(fromMfaKey, 'c')).toBe(SECRET);
  });
});
