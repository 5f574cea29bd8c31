import type { Messages } from 'next-intl';
import de from '../../messages/de.json';
import en from '../../messages/en.json';
import type { Locale } from './locales';

// Every language's messages. `satisfies` makes a key missing from a language a type error;
// lib/i18n/messages.test.ts also catches keys one language has and the other lacks.
export const MESSAGES = { en, de } satisfies Record<Locale, Messages>;
