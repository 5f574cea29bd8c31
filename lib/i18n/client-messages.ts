import type { Messages } from 'next-intl';

// The messages sent to the browser with every page: only those components may read there, the
// ones translated with the useTranslations hook (which runs in the browser when a client component
// renders it). Mail, API, validation and server-only page text stay on the server; that is more
// than half of the messages. lib/i18n/client-messages.test.ts keeps this list equal to the code's.
export const CLIENT_NAMESPACES = [
  'admin.nav',
  'connected',
  'dashboard',
  'errors',
  'formControls',
  'outbox.state',
  'pager',
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

type Tree = { [key: string]: string | Tree };

/** The part of a language's messages named by CLIENT_NAMESPACES (a dotted name picks a nested part). */
export function clientMessages(messages: Messages): Partial<Messages> {
  const picked: Tree = {};
  for (const namespace of CLIENT_NAMESPACES) {
    const path = namespace.split('.');
    let from: Tree | string | undefined = messages as unknown as Tree;
    let to = picked;
    for (const [index, key] of path.entries()) {
      from = typeof from === 'object' ? from[key] : undefined;
      if (from === undefined) throw new Error(`No messages under "${namespace}"`);
      if (index === path.length - 1) to[key] = from;
      else to = (to[key] ??= {}) as Tree;
    }
  }
  return picked as Partial<Messages>;
}
