import type en from '../../messages/en.json';
import { MAX_EMAIL_CHARACTERS, MAX_PASSKEY_NAME_CHARACTERS, MIN_PASSWORD_CHARACTERS } from '../auth/credentials';
import { MAX_PASSWORD_BYTES } from '../auth/password';
import type { Locale } from './locales';
import { translator } from './translator';

// Schemas (lib/auth/credentials.ts) refuse with the name of a "validation" message instead of
// English; this turns the name into the sentence, with the numbers the messages mention.

type ValidationKey = keyof (typeof en)['validation'];

const VALUES = {
  minCharacters: MIN_PASSWORD_CHARACTERS,
  maxBytes: MAX_PASSWORD_BYTES,
  maxEmailCharacters: MAX_EMAIL_CHARACTERS,
  maxPasskeyNameCharacters: MAX_PASSKEY_NAME_CHARACTERS,
};

export function validationMessage(locale: Locale, key: string): string {
  const t = translator(locale);
  // A schema naming a message that does not exist is a bug, never shown as a raw key.
  if (!t.has(`validation.${key}` as `validation.${ValidationKey}`)) throw new Error(`No validation message "${key}" in messages/*.json`);
  return t(`validation.${key}` as `validation.${ValidationKey}`, VALUES);
}
