'use client';

import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { setPasswordAction } from './passkey-actions';

/** The first password of an account made with a passkey. */
export function SetPasswordForm() {
  return (
    <ActionForm action={setPasswordAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          <NewPasswordFields names={['newPassword', 'confirmNewPassword']} labels={['New password', 'Confirm new password']} errors={state.fieldErrors} />
          <SubmitButton pendingLabel="Setting password…">Set a password</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
