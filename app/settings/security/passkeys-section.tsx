'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { ErrorFocusForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { PasskeyButton } from '@/components/passkey-button';
import { SubmitButton } from '@/components/submit-button';
import { type PasskeyRowState, addPasskeyAction, removePasskeyAction, renamePasskeyAction, startAddPasskeyAction } from './passkey-actions';

export type PasskeyRow = { id: string; name: string; added: string; lastUsed: string | null; synced: boolean };

/**
 * The account's passkeys, each with `Rename` and `Remove`, and `Add a passkey`. `askPassword`:
 * the sign-in is older than 5 minutes and the account has a password, so adding one needs it.
 */
export function PasskeysSection({ passkeys, askPassword, canAdd }: { passkeys: PasskeyRow[]; askPassword: boolean; canAdd: boolean }) {
  return (
    <>
      {passkeys.length === 0 ? (
        <p>You have no passkeys yet.</p>
      ) : (
        <ul className="passkeys" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} />
          ))}
        </ul>
      )}
      {canAdd && <AddPasskey askPassword={askPassword} />}
    </>
  );
}

function PasskeyItem({ passkey }: { passkey: PasskeyRow }) {
  const [renameState, renameAction] = useActionState<PasskeyRowState, FormData>(renamePasskeyAction, {});
  const [removeState, removeAction] = useActionState<PasskeyRowState, FormData>(removePasskeyAction, {});
  const titleId = `passkey-${passkey.id}`;
  return (
    <li className="passkey" aria-labelledby={titleId}>
      <div className="passkey-summary">
        <strong id={titleId}>{passkey.name}</strong>
        <span className="hint">
          Added {passkey.added} · {passkey.lastUsed ? `Last used ${passkey.lastUsed}` : 'Never used'}
          {passkey.synced && ' · Synced across devices'}
        </span>
      </div>
      <FormError message={removeState.formError} />
      <div className="passkey-actions">
        <details open={renameState.fieldErrors !== undefined || undefined}>
          <summary>Rename</summary>
          <ErrorFocusForm state={renameState} action={renameAction} className="rename">
            <FormError message={renameState.formError} />
            <input type="hidden" name="id" value={passkey.id} />
            <FormField id={`${titleId}-name`} name="name" label="New name" defaultValue={passkey.name} maxLength={64} required errors={renameState.fieldErrors?.name} />
            <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
          </ErrorFocusForm>
        </details>
        <form action={removeAction}>
          <input type="hidden" name="id" value={passkey.id} />
          <button type="submit" className="secondary danger-text">
            Remove
          </button>
        </form>
      </div>
    </li>
  );
}

function AddPasskey({ askPassword }: { askPassword: boolean }) {
  const router = useRouter();
  const [needsPassword, setNeedsPassword] = useState(askPassword);
  const [passwordErrors, setPasswordErrors] = useState<string[]>();
  const [added, setAdded] = useState<string>();
  return (
    <form className="subsection add-passkey" onSubmit={(event) => event.preventDefault()} aria-labelledby="add-passkey-title">
      <h3 id="add-passkey-title">Add a passkey</h3>
      {added && (
        <p className="form-success" role="status">
          Passkey “{added}” added. You can now sign in with it.
        </p>
      )}
      <p className="hint">Your device or password manager keeps it, and unlocks it with your fingerprint, face, PIN or screen lock.</p>
      {needsPassword && (
        <FormField
          name="addPasskeyPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          hint="Needed because you signed in more than 5 minutes ago."
          errors={passwordErrors}
        />
      )}
      <PasskeyButton
        className="primary"
        ceremony={{
          kind: 'create',
          start: async (button) => {
            const field = button.form?.elements.namedItem('addPasskeyPassword') as HTMLInputElement | null;
            const started = await startAddPasskeyAction(field?.value ?? '');
            if (started.needsPassword) setNeedsPassword(true);
            setPasswordErrors(started.fieldErrors?.password);
            // The field says what is wrong with the password; the button says the rest.
            return started.fieldErrors?.password ? {} : started;
          },
          finish: async (response) => {
            const result = await addPasskeyAction(response);
            if (result.added) {
              setAdded(result.added);
              setNeedsPassword(false);
              router.refresh();
            }
            return result;
          },
        }}
        pendingLabel="Waiting for your passkey…"
      >
        Add a passkey
      </PasskeyButton>
    </form>
  );
}
