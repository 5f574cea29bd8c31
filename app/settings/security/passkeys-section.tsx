'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('passkeys');
  return (
    <>
      {passkeys.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="passkeys" aria-label={t('listLabel')}>
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
  const t = useTranslations('passkeys');
  const titleId = `passkey-${passkey.id}`;
  const facts = [
    t('added', { time: passkey.added }),
    passkey.lastUsed ? t('lastUsed', { time: passkey.lastUsed }) : t('neverUsed'),
    ...(passkey.synced ? [t('synced')] : []),
  ];
  return (
    <li className="passkey" aria-labelledby={titleId}>
      <div className="passkey-summary">
        <strong id={titleId}>{passkey.name}</strong>
        <span className="hint">{facts.join(' · ')}</span>
      </div>
      <FormError message={removeState.formError} />
      <div className="passkey-actions">
        <details open={renameState.fieldErrors !== undefined || undefined}>
          <summary>{t('rename')}</summary>
          <ErrorFocusForm state={renameState} action={renameAction} className="rename">
            <FormError message={renameState.formError} />
            <input type="hidden" name="id" value={passkey.id} />
            <FormField id={`${titleId}-name`} name="name" label={t('newName')} defaultValue={passkey.name} maxLength={64} required errors={renameState.fieldErrors?.name} />
            <SubmitButton pendingLabel={t('saving')}>{t('saveName')}</SubmitButton>
          </ErrorFocusForm>
        </details>
        <form action={removeAction}>
          <input type="hidden" name="id" value={passkey.id} />
          <button type="submit" className="secondary danger-text">
            {t('remove')}
          </button>
        </form>
      </div>
    </li>
  );
}

function AddPasskey({ askPassword }: { askPassword: boolean }) {
  const router = useRouter();
  const t = useTranslations('passkeys');
  const tSecurity = useTranslations('security');
  const [needsPassword, setNeedsPassword] = useState(askPassword);
  const [passwordErrors, setPasswordErrors] = useState<string[]>();
  const [added, setAdded] = useState<string>();
  return (
    <form className="subsection add-passkey" onSubmit={(event) => event.preventDefault()} aria-labelledby="add-passkey-title">
      <h3 id="add-passkey-title">{t('addTitle')}</h3>
      {added && (
        <p className="form-success" role="status">
          {t('addedNotice', { name: added })}
        </p>
      )}
      <p className="hint">{t('addHint')}</p>
      {needsPassword && (
        <FormField
          name="addPasskeyPassword"
          label={tSecurity('currentPassword')}
          type="password"
          autoComplete="current-password"
          hint={tSecurity('recentSignInHint')}
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
        pendingLabel={tSecurity('waitingForPasskey')}
      >
        {t('add')}
      </PasskeyButton>
    </form>
  );
}
