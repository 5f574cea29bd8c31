import { describe, expect, test } from 'vitest';
import { LOCALES } from '../i18n/locales';
import { type MailTemplate, escapeHtml, renderMail } from './templates';

const context = { device: 'Chrome on Linux', ip: '203.0.113.7', at: new Date('2026-11-25T14:35:00Z') };
const LINK = 'http://localhost:3000/reset-password?token=abc_DEF-123';

const ALL: MailTemplate[] = [
  { kind: 'verify_email', link: LINK.replace('reset-password', 'verify-email') },
  { kind: 'reset_password', link: LINK },
  { kind: 'password_changed', ...context },
  { kind: 'new_sign_in', ...context },
  { kind: 'refresh_reuse_detected', ...context },
  { kind: 'mfa_enabled', ...context },
  { kind: 'mfa_disabled', ...context },
  { kind: 'password_set', ...context },
  { kind: 'passkey_added', passkeyName: 'Passkey on Chrome on Linux', ...context },
  { kind: 'passkey_removed', passkeyName: 'Passkey on Chrome on Linux', ...context },
  { kind: 'passkey_removed_by_admin', passkeyName: 'Passkey on Chrome on Linux', ...context },
  { kind: 'passkey_clone_suspected', passkeyName: 'Passkey on Chrome on Linux', ...context },
  { kind: 'provider_linked', providerName: 'Google', ...context },
  { kind: 'provider_unlinked', providerName: 'Google', ...context },
];

describe('mail templates', () => {
  test.each(LOCALES.flatMap((locale) => ALL.map((template) => ({ locale, ...template }))))(
    '$kind has a subject, a plain-text body and an HTML body in $locale',
    ({ locale, ...template }) => {
      const mail = renderMail(template, locale);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.text).not.toMatch(/<[a-z]/i);
      expect(mail.html).toMatch(/^<!doctype html>/);
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    },
  );

  test('every template says something else in German than in English', () => {
    for (const template of ALL) {
      const [english, german] = [renderMail(template, 'en'), renderMail(template, 'de')];
      expect(german.subject, template.kind).not.toBe(english.subject);
      expect(german.text, template.kind).not.toBe(english.text);
    }
  });

  test('a German notice is German, with the time the German way, in UTC', () => {
    const mail = renderMail({ kind: 'new_sign_in', ...context }, 'de');
    expect(mail.subject).toBe('Neue Anmeldung von einem unbekannten Gerät');
    expect(mail.text).toContain('Zeitpunkt: 25. Nov. 2026, 14:35 UTC. Gerät: Chrome on Linux, IP-Adresse 203.0.113.7.');
    expect(mail.text).toContain('Passwort zurücksetzen: http://localhost:3000/forgot-password');
    expect(mail.html).toContain('Oder fügen Sie diese Adresse in Ihren Browser ein: http://localhost:3000/forgot-password');
    const reset = renderMail({ kind: 'reset_password', link: LINK }, 'de');
    expect(reset.subject).toBe('Setzen Sie Ihr Passwort zurück');
    expect(reset.text).toContain(`Passwort zurücksetzen: ${LINK}`);
    expect(reset.text).toContain('30 Minuten');
  });

  test('the reset mail carries the link in both bodies and says how long it works', () => {
    const mail = renderMail({ kind: 'reset_password', link: LINK }, 'en');
    expect(mail.subject).toBe('Reset your password');
    expect(mail.text).toContain(`Reset password: ${LINK}`);
    expect(mail.text).toContain('30 minutes');
    expect(mail.html).toContain(`href="${LINK}"`);
  });

  test('the verification mail says 24 hours', () => {
    const mail = renderMail({ kind: 'verify_email', link: 'http://localhost:3000/verify-email?token=t' }, 'en');
    expect(mail.text).toContain('Verify email address: http://localhost:3000/verify-email?token=t');
    expect(mail.text).toContain('24 hours');
  });

  test('notices say when and from where, and what to do if it was not you', () => {
    for (const kind of ['password_changed', 'new_sign_in', 'refresh_reuse_detected', 'mfa_enabled', 'mfa_disabled'] as const) {
      const mail = renderMail({ kind, ...context }, 'en');
      expect(mail.text).toContain('Nov 25, 2026, 2:35 PM UTC');
      expect(mail.text).toContain('Chrome on Linux, IP address 203.0.113.7');
      expect(mail.text).toContain('Reset your password: http://localhost:3000/forgot-password');
      expect(mail.text).toContain('http://localhost:3000/settings/sessions');
    }
    expect(renderMail({ kind: 'mfa_enabled', ...context }, 'en').subject).toBe('Two-factor authentication turned on');
    expect(renderMail({ kind: 'mfa_disabled', ...context }, 'en').subject).toBe('Two-factor authentication turned off');
    expect(renderMail({ kind: 'new_sign_in', ...context, ip: null }, 'en').text).toContain('Device: Chrome on Linux.');
  });

  test('passkey notices name the passkey; one an admin removed does not show the admin as the owner\'s device', () => {
    for (const kind of ['passkey_added', 'passkey_removed', 'passkey_clone_suspected'] as const) {
      const mail = renderMail({ kind, passkeyName: 'YubiKey <5>', ...context }, 'en');
      expect(mail.text).toContain('“YubiKey <5>”');
      expect(mail.html).toContain('“YubiKey &#60;5&#62;”');
      expect(mail.text).toContain('Chrome on Linux, IP address 203.0.113.7');
    }
    const byAdmin = renderMail({ kind: 'passkey_removed_by_admin', passkeyName: 'YubiKey', ...context }, 'en');
    expect(byAdmin.text).toContain('An administrator removed the passkey “YubiKey”');
    expect(byAdmin.text).toContain('Nov 25, 2026, 2:35 PM UTC');
    expect(byAdmin.text).not.toContain('203.0.113.7');
  });

  test('values are escaped in HTML and left as they are in plain text', () => {
    const device = '<script>alert(1)</script> & "Browser"';
    const mail = renderMail({ kind: 'new_sign_in', ...context, device }, 'en');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;Browser&#34;');
    expect(mail.text).toContain(device);
    const link = 'http://localhost:3000/x?a=1&b="><img src=x>';
    expect(renderMail({ kind: 'reset_password', link }, 'en').html).toContain('href="http://localhost:3000/x?a=1&#38;b=&#34;&#62;&#60;img src=x&#62;"');
  });
});
