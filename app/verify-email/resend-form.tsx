'use client';

import { useActionState } from 'react';
import { FormError } from '@/components/form-error';
import { type ResendState, resendVerificationAction } from './actions';

/** "Resend verification email", with what happened said next to it. */
export function ResendForm({ className = 'secondary' }: { className?: string }) {
  const [state, action, pending] = useActionState<ResendState>(resendVerificationAction, {});
  return (
    <form action={action} className="resend-form">
      <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
        {pending ? 'Sending…' : 'Resend verification email'}
      </button>
      <FormError message={state.formError} />
      {state.sentTo && (
        <p className="form-success" role="status">
          We sent a new link to {state.sentTo}. It works for 24 hours; earlier links no longer work.
        </p>
      )}
      {state.verified && (
        <p className="form-success" role="status">
          Your email address is already verified.
        </p>
      )}
    </form>
  );
}
