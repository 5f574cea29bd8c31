'use client';

import { PasskeyButton } from '@/components/passkey-button';
import { passkeySignUpAction, startPasskeySignUpAction } from './actions';

/** `Create a passkey` instead of a password, for the email typed above. */
export function PasskeySignUp() {
  return (
    <div className="passkey-sign-in">
      <p className="divider" aria-hidden="true">
        or
      </p>
      <p className="hint">Skip the password: your device keeps a passkey, unlocked with your fingerprint, face or screen lock.</p>
      <PasskeyButton
        ceremony={{
          kind: 'create',
          start: (button) => startPasskeySignUpAction((button.form?.elements.namedItem('email') as HTMLInputElement | null)?.value ?? ''),
          finish: passkeySignUpAction,
        }}
        pendingLabel="Creating account…"
      >
        Create a passkey
      </PasskeyButton>
    </div>
  );
}
