// The languages Latchkey speaks. Adding one: copy messages/en.json to messages/<code>.json,
// translate it, and add the code here and to MESSAGES (./messages.ts). See README, "Languages".

export const LOCALES = ['en', 'de'] as const;

export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, as the language switcher lists it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch' };

/** The cookie the footer's language switcher sets for visitors (and signed-in users alike). */
export const LOCALE_COOKIE = 'latchkey_lang';

/** The cookie the browser sets with its IANA time zone, so pages render times in it (components/local-time.tsx). */
export const TIME_ZONE_COOKIE = 'latchkey_tz';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A time zone the runtime knows, else null: a cookie's value is never trusted as is. */
export function validTimeZone(value: string | undefined): string | null {
  if (!value || value.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
