'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { EmailField } from '@/components/email-field';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import { signInAction } from './actions';

/** `email`: filled in beforehand (an app's login_hint, lib/oauth/approval.ts). */
export function LoginForm({ next, email }: { next: string; email?: string }) {
  const t = useTranslations('signIn');
  return (
    <ActionForm action={signInAction} initial={email ? { values: { email } } : {}}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          <input type="hidden" name="next" value={next} />
          {/* `webauthn`: the browser offers saved passkeys here (passkey-sign-in.tsx). */}
          <EmailField state={state} autoComplete="username webauthn" />
          <FormField
            name="password"
            label={t('password')}
            type="password"
            autoComplete="current-password"
            required
            errors={state.fieldErrors?.password}
          />
          <SubmitButton pendingLabel={t('pending')}>{t('submit')}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
