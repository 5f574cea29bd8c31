'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { PasskeyButton } from '@/components/passkey-button';
import { confirmWithPasskeyAction, startPasskeyConfirmationAction } from './passkey-actions';

/**
 * For an account without a password whose sign-in is older than 5 minutes: a passkey proves it
 * is still the user, and the page then offers what needed it.
 */
export function ConfirmWithPasskey() {
  const router = useRouter();
  const t = useTranslations('security');
  return (
    <div className="confirm-passkey">
      <p>{t('confirmIntro')}</p>
      <PasskeyButton
        className="primary"
        ceremony={{ kind: 'use', start: startPasskeyConfirmationAction, finish: confirmWithPasskeyAction }}
        pendingLabel={t('waitingForPasskey')}
        onOutcome={(outcome) => {
          if (!outcome.formError) router.refresh();
        }}
      >
        {t('confirmWithPasskey')}
      </PasskeyButton>
    </div>
  );
}
