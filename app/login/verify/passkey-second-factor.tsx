'use client';

import { useTranslations } from 'next-intl';
import { PasskeyButton } from '@/components/passkey-button';
import { passkeySecondFactorAction, startPasskeySecondFactorAction } from './actions';

/** `Use a passkey`: one of the account's passkeys in place of the code. */
export function PasskeySecondFactor({ next }: { next: string }) {
  const t = useTranslations('twoFactorSignIn');
  const tPrompts = useTranslations('passkeyPrompts');
  return (
    <div className="passkey-sign-in">
      <p className="divider" aria-hidden="true">
        {tPrompts('or')}
      </p>
      <PasskeyButton
        ceremony={{ kind: 'use', start: startPasskeySecondFactorAction, finish: (response) => passkeySecondFactorAction(response, next) }}
        pendingLabel={t('pending')}
      >
        {t('usePasskey')}
      </PasskeyButton>
    </div>
  );
}
