'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, useActionState } from 'react';
import { FormError } from '@/components/form-error';
import { SubmitButton } from '@/components/submit-button';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';
import { confirmEmailAction } from './actions';
import type { ConfirmState } from './confirm-state';

/**
 * The page a verification link opens: a button that confirms the address. Only sending it uses
 * the link, so a mail scanner that opens the link verifies nothing. `initial` is what the page
 * found when it opened; `outcomes` are the server's pages for every way the form can end.
 */
export function ConfirmEmailForm({
  token,
  email,
  initial,
  outcomes,
}: {
  token: string;
  email: string;
  initial: ConfirmState;
  outcomes: Record<'verified' | EmailTokenProblem, ReactNode>;
}) {
  const t = useTranslations('verifyEmail');
  const [state, action] = useActionState(confirmEmailAction, initial);
  if (state.status === 'verified') return outcomes.verified;
  if (state.status === 'problem') return outcomes[state.problem];
  return (
    <section className="card" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t('confirmHeading')}</h1>
      <p className="lead">{t.rich('confirmLead', { email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <form action={action}>
        <FormError message={state.formError} />
        <input type="hidden" name="token" value={token} />
        <SubmitButton pendingLabel={t('confirming')}>{t('confirm')}</SubmitButton>
      </form>
      <p className="switch">{t('notYou')}</p>
    </section>
  );
}
