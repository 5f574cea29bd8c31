'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { setPasswordAction } from './passkey-actions';

/** The first password of an account made with a passkey. */
export function SetPasswordForm() {
  const t = useTranslations('security');
  return (
    <ActionForm action={setPasswordAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          <NewPasswordFields names={['newPassword', 'confirmNewPassword']} labels={[t('newPassword'), t('confirmNewPassword')]} errors={state.fieldErrors} />
          <SubmitButton pendingLabel={t('settingPassword')}>{t('setPassword')}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
