'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { EmailField } from '@/components/email-field';
import { FormError } from '@/components/form-error';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { signUpAction } from './actions';
import { PasskeySignUp } from './passkey-sign-up';

export function SignUpForm({ next }: { next: string }) {
  const t = useTranslations('signUp');
  return (
    <ActionForm action={signUpAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          <input type="hidden" name="next" value={next} />
          <EmailField state={state} />
          <NewPasswordFields names={['password', 'confirmPassword']} labels={[t('password'), t('confirmPassword')]} errors={state.fieldErrors} />
          <SubmitButton pendingLabel={t('pending')}>{t('submit')}</SubmitButton>
          <PasskeySignUp next={next} />
        </>
      )}
    </ActionForm>
  );
}
