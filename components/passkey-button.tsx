'use client';

import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormError } from './form-error';
import { promptFailure, usePasskeySupport, wasReplaced } from './passkey-prompt';

type Outcome = { formError?: string; fieldErrors?: Record<string, string[] | undefined> };
// The button is handed over so a ceremony can read its form (the email of a new account).
type Start<Options> = (button: HTMLButtonElement) => Promise<Outcome & { options?: Options }>;
type Finish = (response: unknown) => Promise<Outcome>;

export type PasskeyCeremony =
  | { kind: 'use'; start: Start<PublicKeyCredentialRequestOptionsJSON>; finish: Finish }
  | { kind: 'create'; start: Start<PublicKeyCredentialCreationOptionsJSON>; finish: Finish };

/**
 * A button that runs one passkey ceremony: options from a Server Action, the browser's prompt,
 * the answer back to another Server Action (which navigates on success or says what failed).
 * Rendered only where the browser supports passkeys. `onOutcome` sees every ending, for the page
 * to refresh or to place a field's error.
 */
export function PasskeyButton({
  ceremony,
  children,
  pendingLabel,
  className = 'secondary wide',
  onOutcome,
}: {
  ceremony: PasskeyCeremony;
  children: string;
  pendingLabel: string;
  className?: string;
  onOutcome?: (outcome: Outcome) => void;
}) {
  const t = useTranslations('passkeyPrompts');
  const supported = usePasskeySupport();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  if (!supported) return null;

  async function run(button: HTMLButtonElement): Promise<Outcome> {
    const started = await ceremony.start(button);
    if (!started.options) return started;
    const response =
      ceremony.kind === 'use'
        ? await startAuthentication({ optionsJSON: started.options as PublicKeyCredentialRequestOptionsJSON })
        : await startRegistration({ optionsJSON: started.options as PublicKeyCredentialCreationOptionsJSON });
    return ceremony.finish(response);
  }

  return (
    <>
      <FormError message={error} />
      <button
        type="button"
        className={className}
        disabled={pending}
        aria-disabled={pending}
        onClick={async (event) => {
          setError(undefined);
          setPending(true);
          const outcome = await run(event.currentTarget).catch((failure: unknown): Outcome => ({ formError: wasReplaced(failure) ? undefined : t(promptFailure(failure)) }));
          setPending(false);
          setError(outcome.formError ?? Object.values(outcome.fieldErrors ?? {}).flat()[0]?.toString());
          onOutcome?.(outcome);
        }}
      >
        {pending ? pendingLabel : children}
      </button>
    </>
  );
}
