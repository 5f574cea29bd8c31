'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/action-form';
import { FormError } from '@/components/form-error';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import { verifyCodeAction } from './actions';

export function VerifyForm({ next, recovery, loginHref }: { next: string; recovery: boolean; loginHref: string }) {
  const t = useTranslations('twoFactorSignIn');
  return (
    <ActionForm action={verifyCodeAction}>
      {(state) => (
        <>
          <FormError message={state.formError} />
          {state.expired && <Link href={loginHref}>{t('signInAgain')}</Link>}
          <input type="hidden" name="next" value={next} />
          <FormField
            name="code"
            label={recovery ? t('recoveryCodeLabel') : t('codeLabel')}
            type="text"
            inputMode={recovery ? 'text' : 'numeric'}
            autoComplete={recovery ? 'off' : 'one-time-code'}
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            hint={recovery ? t('recoveryCodeHint') : t('codeHint')}
            errors={state.fieldErrors?.code}
          />
          <SubmitButton pendingLabel={t('pending')}>{t('submit')}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
