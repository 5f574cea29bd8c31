import { describe, expect, test } from 'vitest';
import { describeEvent } from './audit';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('describeEvent', () => {
  test('names the device and address an event came from', () => {
    expect(describeEvent({ type: 'sign_in', ip: '203.0.113.4', userAgent: CHROME_LINUX })).toBe('Signed in from Chrome on Linux, 203.0.113.4');
  });

  test("names the admin who acted, not the admin's device", () => {
    expect(describeEvent({ type: 'role_changed', ip: '203.0.113.4', userAgent: CHROME_LINUX, detail: { by: 'admin@example.com', role: 'ADMIN' } })).toBe(
      'Role changed to ADMIN by admin@example.com',
    );
  });

  test('names the passkey a passkey event is about', () => {
    expect(describeEvent({ type: 'passkey_added', ip: null, userAgent: CHROME_LINUX, detail: { passkey: 'Passkey on Chrome on Linux' } })).toBe(
      'Added a passkey “Passkey on Chrome on Linux” from Chrome on Linux',
    );
    expect(describeEvent({ type: 'passkey_removed', ip: null, userAgent: null, detail: { passkey: 'YubiKey', by: 'admin@example.com' } })).toBe(
      'Removed a passkey “YubiKey” by admin@example.com',
    );
  });

  test('an unknown type is shown as it is', () => {
    expect(describeEvent({ type: 'something_new', ip: null, userAgent: null })).toBe('something_new');
  });
});
