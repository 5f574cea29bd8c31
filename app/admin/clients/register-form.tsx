'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { SubmitButton } from '@/components/submit-button';
import { type ClientFormState, registerClientAction } from './actions';
import { ClientFields, ShownSecret } from './client-fields';

/** `Register an app`: on success its client_id and (confidential apps) its secret, shown once. */
export function RegisterClientForm() {
  const t = useTranslations('adminClients');
  return (
    <ActionForm<ClientFormState> action={registerClientAction}>
      {(state) => (
        <>
          {state.shown && <ShownSecret shown={state.shown} />}
          <ClientFields state={state} />
          <fieldset className="field">
            <legend>{t('type')}</legend>
            <label className="checkbox">
              <input type="radio" name="type" value="CONFIDENTIAL" defaultChecked /> {t('confidential')}
            </label>
            <label className="checkbox">
              <input type="radio" name="type" value="PUBLIC" /> {t('public')}
            </label>
          </fieldset>
          <SubmitButton pendingLabel={t('pending')}>{t('register')}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
