import { createFormatter, createTranslator } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';

// next-intl/server reads the language from a request, which tests do not have (vitest.config.ts
// puts this module in its place). It answers for the language a test sets, English by default.

let current: Locale = 'en';

/** The language getTranslations and friends answer in, until the next call. */
export function setTestLocale(locale: Locale): void {
  current = locale;
}

export async function getLocale(): Promise<Locale> {
  return current;
}

export async function getTranslations(namespace?: string) {
  return createTranslator({ locale: current, messages: MESSAGES[current], namespace: namespace as never });
}

export async function getFormatter() {
  return createFormatter({ locale: current, timeZone: 'UTC' });
}
