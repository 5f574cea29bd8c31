'use client';

import { ActionForm } from '@/components/action-form';
import { EmailField } from '@/components/email-field';
import { FormError } from '@/components/form-error';
import { SubmitButton } from '@/components/submit-button';
import { forgotPasswordAction } from './actions';

export function ForgotPasswordForm() {
  return (
    <ActionForm action={forgotPasswordAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          {state.sent && (
            <p className="form-success" role="status">
              If an account exists for that email, we sent a link.
            </p>
          )}
          <EmailField state={state} />
          <SubmitButton pendingLabel="Sending…">Send reset link</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
