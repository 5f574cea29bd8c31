'use client';

import { ActionForm } from '@/components/action-form';
import { EmailField } from '@/components/email-field';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import { signInAction } from './actions';

export function LoginForm({ next }: { next: string }) {
  return (
    <ActionForm action={signInAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          <input type="hidden" name="next" value={next} />
          {/* `webauthn`: the browser offers saved passkeys here (passkey-sign-in.tsx). */}
          <EmailField state={state} autoComplete="username webauthn" />
          <FormField
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            errors={state.fieldErrors?.password}
          />
          <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
