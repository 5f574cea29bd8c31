import { dictionary } from '@zxcvbn-ts/language-common';

// The 10,000 most common passwords: the head of zxcvbn's frequency-ranked password list, as
// shipped by @zxcvbn-ts/language-common (Dropbox's zxcvbn, ranked by frequency in leaked
// password corpora). The list is lower-case, and so is the comparison: "Password1" is as
// guessable as "password1".
const COMMON_PASSWORDS = new Set(dictionary['passwords-common'].slice(0, 10_000));

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.normalize('NFC').toLowerCase());
}
