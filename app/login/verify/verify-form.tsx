'use client';

import Link from 'next/link';
import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import { verifyCodeAction } from './actions';

export function VerifyForm({ next, recovery, loginHref }: { next: string; recovery: boolean; loginHref: string }) {
  return (
    <ActionForm action={verifyCodeAction}>
      {(state) => (
        <>
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
        </>
      )}
    </ActionForm>
  );
}
