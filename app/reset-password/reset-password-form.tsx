'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { ErrorFocusForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { ResetLinkProblem } from './reset-link-problem';
import { type ResetPasswordState, resetPasswordAction } from './actions';

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations('passwordReset');
  const [state, action] = useActionState<ResetPasswordState, FormData>(resetPasswordAction, {});
  // The link stopped working while the form was open (used elsewhere, replaced, or expired).
  if (state.problem) return <ResetLinkProblem problem={state.problem} />;
  return (
    <section className="card" aria-labelledby="reset-title">
      <h1 id="reset-title">{t('resetHeading')}</h1>
      <p className="lead">{t('resetLead', { email })}</p>
      <ErrorFocusForm state={state} action={action}>
        <FormError message={state.formError} />
        <input type="hidden" name="token" value={token} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <NewPasswordFields names={['newPassword', 'confirmNewPassword']} labels={[t('newPassword'), t('confirmNewPassword')]} errors={state.fieldErrors} />
        <SubmitButton pendingLabel={t('pending')}>{t('submit')}</SubmitButton>
      </ErrorFocusForm>
    </section>
  );
}
