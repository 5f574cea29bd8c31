import { ResendForm } from './resend-form';

/** Shown on every page to a signed-in user whose email address is not verified yet. */
export function VerificationBanner({ email }: { email: string }) {
  return (
    <aside className="banner" aria-label="Email verification" data-testid="verification-banner">
      <p>
        <strong>Verify your email address.</strong> We sent a link to {email}. Open it to confirm the address is yours.
      </p>
      <ResendForm />
    </aside>
  );
}
