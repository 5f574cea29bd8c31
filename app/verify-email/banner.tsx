import { getCurrentSession } from '@/lib/accounts/dal';
import { ResendForm } from './resend-form';

/** Shown above every protected page to a signed-in user whose email address is not verified yet. */
export async function VerificationBanner() {
  const session = await getCurrentSession();
  if (!session || session.user.emailVerified) return null;
  return (
    <aside className="banner" aria-label="Email verification" data-testid="verification-banner">
      <p>
        <strong>Verify your email address.</strong> We sent a link to {session.user.email}. Open it to confirm the address is
        yours.
      </p>
      <ResendForm />
    </aside>
  );
}
