import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/form-state';

// What every passkey form says when an answer is not accepted: the same words whatever was wrong
// (the audit log has the reason), in the visitor's language (messages "passkeyPrompts").

export type PasskeyError = 'passkey_refused' | 'expired' | 'account_disabled';

/** The sentences for a passkey answer refused, for a Server Action to return. */
export async function passkeyErrors(): Promise<Record<PasskeyError, string>> {
  const t = await getTranslations('passkeyPrompts');
  return { passkey_refused: t('refused'), expired: t('expired'), account_disabled: t('accountDisabled') };
}

/** A ceremony's first step: the options for the browser's prompt, or why there is no prompt. */
export type CeremonyState<Options> = FormState<string> & { options?: Options };
