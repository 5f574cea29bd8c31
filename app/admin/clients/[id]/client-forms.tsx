'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { SubmitButton } from '@/components/submit-button';
import { type ClientFormState, rotateSecretAction, updateClientAction } from '../actions';
import { type ClientValues, ClientFields, ShownSecret } from '../client-fields';

export function EditClientForm({ clientId, values }: { clientId: string; values: ClientValues }) {
  const t = useTranslations('adminClients');
  return (
    <ActionForm<ClientFormState> action={updateClientAction}>
      {(state) => (
        <>
          {state.saved && (
            <p className="form-success" role="status">
              {t('saved')}
            </p>
          )}
          <input type="hidden" name="clientId" value={clientId} />
          <ClientFields state={state} values={values} />
          <SubmitButton pendingLabel={t('pending')}>{t('save')}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

/** `Rotate secret`: the old secret stops working at once; the new one is shown once. */
export function RotateSecretForm({ clientId }: { clientId: string }) {
  const t = useTranslations('adminClients');
  return (
    <ActionForm<ClientFormState> action={rotateSecretAction}>
      {(state) => (
        <>
          {state.shown && <ShownSecret shown={state.shown} />}
          <input type="hidden" name="clientId" value={clientId} />
          <button type="submit" className="secondary">
            {t('rotate')}
          </button>
        </>
      )}
    </ActionForm>
  );
}
