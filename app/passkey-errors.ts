import type { FormState } from '@/lib/form-state';

// What every passkey form says when an answer is not accepted: the same words whatever was wrong
// (the audit log has the reason).
export const PASSKEY_ERRORS = {
  passkey_refused: 'That passkey was not accepted. Try again, or use another way to sign in.',
  expired: 'The passkey request expired or was already used. Try again.',
  account_disabled: 'This account is disabled. Contact an administrator.',
} as const;

/** A ceremony's first step: the options for the browser's prompt, or why there is no prompt. */
export type CeremonyState<Options> = FormState<string> & { options?: Options };
