import { createFormatter, createTranslator } from 'next-intl';
import type { Locale } from './locales';
import { MESSAGES } from './messages';

// Translations outside a page's render: mail (lib/mail) and the JSON API (lib/api), which know
// their language from the recipient or the Accept-Language header rather than from the request.

export function translator(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale] });
}

/** Dates in mail: the recipient's language; UTC, named, since a mail has no browser to ask. */
export function mailFormatter(locale: Locale) {
  return createFormatter({ locale, timeZone: 'UTC' });
}
