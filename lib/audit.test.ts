import { afterEach, describe, expect, test } from 'vitest';
import { setTestLocale } from '@/test/support/next-intl-server';
import { describeEvent } from './audit';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

afterEach(() => setTestLocale('en'));

describe('describeEvent', () => {
  test('names the device and address an event came from', async () => {
    expect(await describeEvent({ type: 'sign_in', ip: '203.0.113.4', userAgent: CHROME_LINUX })).toBe('Signed in from Chrome on Linux, 203.0.113.4');
  });

  test("names the admin who acted, not the admin's device", async () => {
    expect(await describeEvent({ type: 'role_changed', ip: '203.0.113.4', userAgent: CHROME_LINUX, detail: { by: 'admin@example.com', role: 'ADMIN' } })).toBe(
      'Role changed to ADMIN by admin@example.com',
    );
    expect(await describeEvent({ type: 'sign_up', ip: null, userAgent: null, detail: { by: 'the command line' } })).toBe('Created the account by the command line');
  });

  test('names the passkey a passkey event is about', async () => {
    expect(await describeEvent({ type: 'passkey_added', ip: null, userAgent: CHROME_LINUX, detail: { passkey: 'Passkey on Chrome on Linux' } })).toBe(
      'Added a passkey “Passkey on Chrome on Linux” from Chrome on Linux',
    );
    expect(await describeEvent({ type: 'passkey_removed', ip: null, userAgent: null, detail: { passkey: 'YubiKey', by: 'admin@example.com' } })).toBe(
      'Removed a passkey “YubiKey” by admin@example.com',
    );
  });

  test('names the provider a provider event is about', async () => {
    expect(await describeEvent({ type: 'provider_linked', ip: '203.0.113.4', userAgent: null, detail: { provider: 'GitHub' } })).toBe(
      'Connected GitHub from 203.0.113.4',
    );
    expect(await describeEvent({ type: 'provider_linked', ip: null, userAgent: null })).toBe('Connected another provider');
  });

  test('says it in the reader’s language', async () => {
    setTestLocale('de');
    expect(await describeEvent({ type: 'sign_in', ip: '203.0.113.4', userAgent: CHROME_LINUX })).toBe('Angemeldet von Chrome unter Linux, 203.0.113.4');
    expect(await describeEvent({ type: 'role_changed', ip: null, userAgent: null, detail: { by: 'admin@example.com', role: 'ADMIN' } })).toBe(
      'Rolle in ADMIN geändert durch admin@example.com',
    );
    expect(await describeEvent({ type: 'passkey_renamed', ip: null, userAgent: null, detail: { passkey: 'Arbeit' } })).toBe('Passkey in „Arbeit“ umbenannt');
    expect(await describeEvent({ type: 'sign_up', ip: null, userAgent: null })).toBe('Konto erstellt');
  });

  test('an unknown type is shown as it is', async () => {
    expect(await describeEvent({ type: 'something_new', ip: null, userAgent: null })).toBe('something_new');
  });
});
