'use client';

import { PasskeyButton } from '@/components/passkey-button';
import { passkeySecondFactorAction, startPasskeySecondFactorAction } from './actions';

/** `Use a passkey`: one of the account's passkeys in place of the code. */
export function PasskeySecondFactor({ next }: { next: string }) {
  return (
    <div className="passkey-sign-in">
      <p className="divider" aria-hidden="true">
        or
      </p>
      <PasskeyButton
        ceremony={{ kind: 'use', start: startPasskeySecondFactorAction, finish: (response) => passkeySecondFactorAction(response, next) }}
        pendingLabel="Verifying…"
      >
        Use a passkey
      </PasskeyButton>
    </div>
  );
}
