'use client';

import Link from 'next/link';
import { useActionState, useRef } from 'react';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import { useFocusFirstError } from '@/components/use-focus-first-error';
import { type VerifyState, verifyCodeAction } from './actions';

export function VerifyForm({ next, recovery, loginHref }: { next: string; recovery: boolean; loginHref: string }) {
  const [state, action] = useActionState<VerifyState, FormData>(verifyCodeAction, {});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state);
  return (
    <form ref={formRef} action={action} noValidate>
      <FormError message={state.formError} />
      {state.expired && <Link href={loginHref}>Sign in again</Link>}
      <input type="hidden" name="next" value={next} />
      <FormField
        name="code"
        label={recovery ? 'Recovery code' : 'Code'}
        type="text"
        inputMode={recovery ? 'text' : 'numeric'}
        autoComplete={recovery ? 'off' : 'one-time-code'}
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        hint={
          recovery
            ? 'One of the recovery codes you saved, like abcde-fghij. Each works once.'
            : 'The 6-digit code from your authenticator app. A recovery code works here too.'
        }
        errors={state.fieldErrors?.code}
      />
      <SubmitButton pendingLabel="Verifying…">Verify</SubmitButton>
    </form>
  );
}
