import type { Messages } from 'next-intl';

// The messages sent to the browser with every page: only those components may read there, the
// ones translated with the useTranslations hook (which runs in the browser when a client component
// renders it). Mail, API, validation and server-only page text stay on the server; that is more
// than half of the messages. lib/i18n/client-messages.test.ts keeps this list equal to the code's.
export const CLIENT_NAMESPACES = [
  'adminClients',
  'connected',
  'errors',
  'formControls',
  'passkeyPrompts',
  'passkeys',
  'passwordReset',
  'security',
  'signIn',
  'signUp',
  'twoFactor',
  'twoFactorSignIn',
  'verifyEmail',
] as const;

/** The part of a language's messages named by CLIENT_NAMESPACES. */
export function clientMessages(messages: Messages): Partial<Messages> {
  return Object.fromEntries(CLIENT_NAMESPACES.map((namespace) => [namespace, messages[namespace]]));
}
