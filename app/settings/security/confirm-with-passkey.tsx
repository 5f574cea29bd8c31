'use client';

import { useRouter } from 'next/navigation';
import { PasskeyButton } from '@/components/passkey-button';
import { confirmWithPasskeyAction, startPasskeyConfirmationAction } from './passkey-actions';

/**
 * For an account without a password whose sign-in is older than 5 minutes: a passkey proves it
 * is still the user, and the page then offers what needed it.
 */
export function ConfirmWithPasskey() {
  const router = useRouter();
  return (
    <div className="confirm-passkey">
      <p>You signed in more than 5 minutes ago. Confirm it is you with one of your passkeys to add a passkey or set a password.</p>
      <PasskeyButton
        className="primary"
        ceremony={{ kind: 'use', start: startPasskeyConfirmationAction, finish: confirmWithPasskeyAction }}
        pendingLabel="Waiting for your passkey…"
        onOutcome={(outcome) => {
          if (!outcome.formError) router.refresh();
        }}
      >
        Confirm with a passkey
      </PasskeyButton>
    </div>
  );
}
