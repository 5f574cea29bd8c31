import Link from 'next/link';
import { LinkProblem } from '@/components/link-problem';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';
import { loginPath } from '@/lib/auth/redirect';
import { VERIFY_EMAIL_PATH } from '@/lib/accounts/verification';
import { ResendForm } from './resend-form';

// How a verification link ends: rendered on the server, shown when the page opens or once the
// confirm form has been sent (confirm-email-form.tsx).

export function Verified({ signedIn }: { signedIn: boolean }) {
  return (
    <section className="card" aria-labelledby="verified-title">
      <h1 id="verified-title">Email verified</h1>
      <p className="form-success" role="status">
        Your email address is verified. Thank you.
      </p>
      <p className="switch">{signedIn ? <Link href="/dashboard">Go to your dashboard</Link> : <Link href="/login">Sign in</Link>}</p>
    </section>
  );
}

/** `email`: the signed-in user's address, where a new link would go; null when nobody is signed in. */
export function VerificationLinkProblem({ problem, email }: { problem: EmailTokenProblem; email: string | null }) {
  return (
    <LinkProblem title="Verification link not valid" problem={problem} lifetime="24 hours">
      {email ? (
        <>
          <p>Ask for a new link; it goes to {email}.</p>
          <ResendForm className="primary" />
        </>
      ) : (
        <p>
          <Link href={loginPath(VERIFY_EMAIL_PATH)}>Sign in</Link> to ask for a new verification link.
        </p>
      )}
    </LinkProblem>
  );
}
