import { createFormatter, createTranslator } from 'use-intl/core';
import type { Locale } from './locales';
import { MESSAGES } from './messages';

// Translations outside a page's render: mail (lib/mail) and the JSON API (lib/api), which know
// their language from the recipient or the Accept-Language header rather than from the request.

function createFor(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale] });
}

// One per language for the life of the process: each keeps the messages it has parsed.
const translators = new Map<Locale, ReturnType<typeof createFor>>();

export function translator(locale: Locale) {
  let made = translators.get(locale);
  if (!made) translators.set(locale, (made = createFor(locale)));
  return made;
}

/** Dates in mail: the recipient's language; UTC, named, since a mail has no browser to ask. */
export function mailFormatter(locale: Locale) {
  return createFormatter({ locale, timeZone: 'UTC' });
}
