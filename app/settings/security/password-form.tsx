'use client';

import { useActionState, useRef } from 'react';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import { useFocusFirstError } from '@/components/use-focus-first-error';
import { type ChangePasswordState, changePasswordAction } from './actions';

export function PasswordForm() {
  const [state, action] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state);
  return (
    <form ref={formRef} action={action} noValidate>
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
      <FormField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters, at most 72 bytes. Not a common password or your email."
        errors={state.fieldErrors?.newPassword}
      />
      <FormField
        name="confirmNewPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.confirmNewPassword}
      />
      <SubmitButton pendingLabel="Changing password…">Change password</SubmitButton>
    </form>
  );
}
