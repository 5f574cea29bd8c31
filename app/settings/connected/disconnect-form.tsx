'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { disconnectProviderAction } from './actions';

/** `Disconnect` for one connected account, with the refusal beside it. */
export function DisconnectForm({ id }: { id: string }) {
  const t = useTranslations('connected');
  return (
    <ActionForm action={disconnectProviderAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="secondary danger-text">
            {t('disconnect')}
          </button>
        </>
      )}
    </ActionForm>
  );
}
