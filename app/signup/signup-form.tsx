'use client';

import { useActionState, useRef } from 'react';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { useFocusFirstError } from '@/components/use-focus-first-error';
import { type SignUpState, signUpAction } from './actions';

export function SignUpForm() {
  const [state, action] = useActionState<SignUpState, FormData>(signUpAction, {});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state);
  return (
    <form ref={formRef} action={action} noValidate>
      <FormError message={state.formError} />
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <NewPasswordFields names={['password', 'confirmPassword']} labels={['Password', 'Confirm password']} errors={state.fieldErrors} />
      <SubmitButton pendingLabel="Creating account…">Sign up</SubmitButton>
    </form>
  );
}
