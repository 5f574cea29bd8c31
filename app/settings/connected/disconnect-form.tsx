'use client';

import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { disconnectProviderAction } from './actions';

/** `Disconnect` for one connected account, with the refusal beside it. */
export function DisconnectForm({ id }: { id: string }) {
  return (
    <ActionForm action={disconnectProviderAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="secondary danger-text">
            Disconnect
          </button>
        </>
      )}
    </ActionForm>
  );
}
