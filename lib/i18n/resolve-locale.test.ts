import { describe, expect, it } from 'vitest';
import { negotiate, resolveLocale } from './resolve-locale';

const none = { saved: null, cookie: undefined, acceptLanguage: undefined, fallback: 'en' as const };

describe('resolveLocale', () => {
  it('prefers the saved choice over the cookie and the browser', () => {
    expect(resolveLocale({ ...none, saved: 'de', cookie: 'en', acceptLanguage: 'en' })).toBe('de');
  });

  it('takes the cookie over the browser when nothing is saved', () => {
    expect(resolveLocale({ ...none, cookie: 'de', acceptLanguage: 'en-US' })).toBe('de');
  });

  it('takes the browser language when there is neither', () => {
    expect(resolveLocale({ ...none, acceptLanguage: 'de-DE,de;q=0.9,en;q=0.8' })).toBe('de');
  });

  it('falls back to DEFAULT_LOCALE last', () => {
    expect(resolveLocale(none)).toBe('en');
    expect(resolveLocale({ ...none, fallback: 'de' })).toBe('de');
  });

  it('ignores unknown saved and cookie values instead of trusting them', () => {
    expect(resolveLocale({ ...none, saved: 'fr', cookie: '../../etc', acceptLanguage: 'de' })).toBe('de');
  });
});

describe('negotiate', () => {
  it('matches a regional variant to its language', () => {
    expect(negotiate('de-CH', 'en')).toBe('de');
    expect(negotiate('en-GB', 'de')).toBe('en');
  });

  it('follows quality values', () => {
    expect(negotiate('en;q=0.5, de;q=0.9', 'en')).toBe('de');
    expect(negotiate('fr, de;q=0.8, en;q=0.9', 'de')).toBe('en');
  });

  it('falls back for languages Latchkey does not speak and for nonsense', () => {
    expect(negotiate('fr-FR, ja', 'en')).toBe('en');
    expect(negotiate('*', 'de')).toBe('de');
    expect(negotiate('x_y;;q=, ,', 'en')).toBe('en');
  });
});
