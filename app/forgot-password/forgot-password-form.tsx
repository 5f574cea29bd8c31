'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { EmailField } from '@/components/email-field';
import { FormError } from '@/components/form-error';
import { SubmitButton } from '@/components/submit-button';
import { forgotPasswordAction } from './actions';

export function ForgotPasswordForm() {
  const t = useTranslations('passwordReset');
  return (
    <ActionForm action={forgotPasswordAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          {state.sent && (
            <p className="form-success" role="status">
              {t('sent')}
            </p>
          )}
          <EmailField state={state} />
          <SubmitButton pendingLabel={t('sending')}>{t('send')}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
