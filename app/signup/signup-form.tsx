'use client';

import { useActionState, useRef } from 'react';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
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
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters, at most 72 bytes."
        errors={state.fieldErrors?.password}
      />
      <FormField
        name="confirmPassword"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.confirmPassword}
      />
      <SubmitButton pendingLabel="Creating account…">Sign up</SubmitButton>
    </form>
  );
}
