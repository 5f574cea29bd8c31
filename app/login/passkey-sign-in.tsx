'use client';

import { browserSupportsWebAuthnAutofill, startAuthentication } from '@simplewebauthn/browser';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { FormError } from '@/components/form-error';
import { PasskeyButton } from '@/components/passkey-button';
import { usePasskeySupport } from '@/components/passkey-prompt';
import { passkeySignInAction, startPasskeySignInAction } from './actions';

/**
 * `Sign in with a passkey`, and passkey autofill on the email field: while the page is open the
 * browser offers this site's passkeys as the user focuses the field (conditional mediation). The
 * button's prompt replaces the autofill one; autofill is offered again when the prompt ends.
 */
export function PasskeySignIn({ next }: { next: string }) {
  const t = useTranslations('signIn');
  const tPrompts = useTranslations('passkeyPrompts');
  const supported = usePasskeySupport();
  const [autofillError, setAutofillError] = useState<string>();
  const finish = useCallback((response: unknown) => passkeySignInAction(response, next), [next]);

  const offerAutofill = useCallback(() => void autofill(finish, setAutofillError), [finish]);
  useEffect(offerAutofill, [offerAutofill]);

  if (!supported) return null;
  return (
    <div className="passkey-sign-in">
      <p className="divider" aria-hidden="true">
        {tPrompts('or')}
      </p>
      <FormError message={autofillError} />
      <PasskeyButton
        ceremony={{ kind: 'use', start: startPasskeySignInAction, finish }}
        pendingLabel={t('pending')}
        onOutcome={() => {
          setAutofillError(undefined);
          offerAutofill();
        }}
      >
        {t('withPasskey')}
      </PasskeyButton>
    </div>
  );
}

/** Offers this site's passkeys on the email field until one is picked or another prompt replaces it. */
async function autofill(finish: (response: unknown) => Promise<{ formError?: string }>, report: (error: string | undefined) => void): Promise<void> {
  if (!(await browserSupportsWebAuthnAutofill())) return;
  try {
    const { options } = await startPasskeySignInAction();
    if (!options) return;
    const response = await startAuthentication({ optionsJSON: options, useBrowserAutofill: true });
    const { formError } = await finish(response);
    report(formError);
    // Refused (another passkey may be the right one): offer them again.
    if (formError) void autofill(finish, report);
  } catch {
    // Nothing the person did: autofill ends unanswered when the button's prompt replaces it, or
    // when the browser will not offer passkeys here (a certificate error, say). Stay quiet.
  }
}
