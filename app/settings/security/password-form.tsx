'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { changePasswordAction } from './actions';

export function PasswordForm() {
  const t = useTranslations('security');
  return (
    <ActionForm action={changePasswordAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          {state.done && (
            <p className="form-success" role="status">
              {t('passwordChanged')}
            </p>
          )}
          <FormField
            name="currentPassword"
            label={t('currentPassword')}
            type="password"
            autoComplete="current-password"
            required
            errors={state.fieldErrors?.currentPassword}
          />
          <NewPasswordFields names={['newPassword', 'confirmNewPassword']} labels={[t('newPassword'), t('confirmNewPassword')]} errors={state.fieldErrors} />
          <SubmitButton pendingLabel={t('changingPassword')}>{t('changePassword')}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
