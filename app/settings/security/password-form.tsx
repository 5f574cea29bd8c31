'use client';

import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { changePasswordAction } from './actions';

export function PasswordForm() {
  return (
    <ActionForm action={changePasswordAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          {state.done && (
            <p className="form-success" role="status">
              Password changed. Every other session has been signed out.
            </p>
          )}
          <FormField
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            errors={state.fieldErrors?.currentPassword}
          />
          <NewPasswordFields names={['newPassword', 'confirmNewPassword']} labels={['New password', 'Confirm new password']} errors={state.fieldErrors} />
          <SubmitButton pendingLabel="Changing password…">Change password</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
