'use client';

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
  const [state, action] = useActionState(confirmEmailAction, initial);
  if (state.status === 'verified') return outcomes.verified;
  if (state.status === 'problem') return outcomes[state.problem];
  return (
    <section className="card" aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm your email address</h1>
      <p className="lead">
        Confirm that <strong>{email}</strong> is your email address.
      </p>
      <form action={action}>
        <FormError message={state.formError} />
        <input type="hidden" name="token" value={token} />
        <SubmitButton pendingLabel="Confirming…">Confirm email address</SubmitButton>
      </form>
      <p className="switch">Did not sign up for Latchkey? Close this page: nothing changes.</p>
    </section>
  );
}
