import { expect, test } from 'vitest';
import { authenticatorName } from './authenticator-names';

test('a known AAGUID names its provider, in any case; the zero AAGUID and unknown ones name nothing', () => {
  expect(authenticatorName('ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4')).toBe('Google Password Manager');
  expect(authenticatorName('FBFC3007-154E-4ECC-8C0B-6E020557D7BD')).toBe('iCloud Keychain');
  expect(authenticatorName('00000000-0000-0000-0000-000000000000')).toBeNull();
  expect(authenticatorName('12345678-1234-1234-1234-123456789abc')).toBeNull();
});
