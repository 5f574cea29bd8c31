'use client';

import { useTranslations } from 'next-intl';
import { PasskeyButton } from '@/components/passkey-button';
import { passkeySignUpAction, startPasskeySignUpAction } from './actions';

/** `Create a passkey` instead of a password, for the email typed above. */
export function PasskeySignUp({ next }: { next: string }) {
  const t = useTranslations('signUp');
  const tPrompts = useTranslations('passkeyPrompts');
  return (
    <div className="passkey-sign-in">
      <p className="divider" aria-hidden="true">
        {tPrompts('or')}
      </p>
      <p className="hint">{t('passkeyHint')}</p>
      <PasskeyButton
        ceremony={{
          kind: 'create',
          start: (button) => startPasskeySignUpAction((button.form?.elements.namedItem('email') as HTMLInputElement | null)?.value ?? ''),
          finish: (response) => passkeySignUpAction(response, next),
        }}
        pendingLabel={t('pending')}
      >
        {t('createPasskey')}
      </PasskeyButton>
    </div>
  );
}
