'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormError } from '@/components/form-error';
import { type ResendState, resendVerificationAction } from './actions';

/** "Resend verification email", with what happened said next to it. */
export function ResendForm({ className = 'secondary' }: { className?: string }) {
  const t = useTranslations('verifyEmail');
  const [state, action, pending] = useActionState<ResendState>(resendVerificationAction, {});
  return (
    <form action={action} className="resend-form">
      <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
        {pending ? t('sending') : t('resend')}
      </button>
      <FormError message={state.formError} />
      {state.sentTo && (
        <p className="form-success" role="status">
          {t('resent', { email: state.sentTo })}
        </p>
      )}
      {state.verified && (
        <p className="form-success" role="status">
          {t('alreadyVerified')}
        </p>
      )}
    </form>
  );
}
