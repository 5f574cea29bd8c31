'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that is disabled while its form is being sent, so a form is never sent twice. */
export function SubmitButton({ children, pendingLabel }: { children: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="primary" disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}
