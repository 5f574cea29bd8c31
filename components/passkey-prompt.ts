'use client';

import { WebAuthnError, browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useSyncExternalStore } from 'react';

// The browser's side of the passkey forms: whether passkeys can be offered at all, and what to
// say when the browser's prompt ends without an answer. Passkey buttons render only once the page
// knows the browser supports them; without JavaScript the password forms remain.

const noSubscription = () => () => {};

/** Whether this browser has WebAuthn; false on the server, where the page first renders. */
export function usePasskeySupport(): boolean {
  return useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => false);
}

/** Whether the prompt was replaced by another (the button taking over from autofill): nothing to say. */
export function wasReplaced(error: unknown): boolean {
  return error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED';
}

/** Which words (messages "passkeyPrompts") say why a prompt ended without an answer. */
export function promptFailure(error: unknown): 'alreadyRegistered' | 'closed' | 'unsupported' {
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'alreadyRegistered';
  const name = error instanceof WebAuthnError ? (error.cause as Error | undefined)?.name : (error as Error | undefined)?.name;
  if (name === 'NotAllowedError') return 'closed';
  return 'unsupported';
}
