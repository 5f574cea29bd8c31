import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LinkProblem } from '@/components/link-problem';
import { getCurrentSession } from '@/lib/auth/dal';
import { loginPath } from '@/lib/auth/redirect';
import { getClientInfo } from '@/lib/auth/request';
import { VERIFY_EMAIL_PATH, verifyEmail } from '@/lib/auth/verification';
import { ResendForm } from './resend-form';

export const metadata: Metadata = { title: 'Verify your email' };

// Two pages in one: with ?token= it follows a verification link; without, it tells a signed-in,
// unverified user what to do (the data-access layer sends them here when verification is required).

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const session = await getCurrentSession();
  if (token === undefined) {
    if (!session) redirect(loginPath(VERIFY_EMAIL_PATH));
    return session.user.emailVerified ? <Verified signedIn /> : <CheckInbox email={session.user.email} />;
  }

  const result = await verifyEmail(token, await getClientInfo());
  if (result.ok || (result.problem === 'used' && session?.user.emailVerified)) return <Verified signedIn={session !== null} />;
  return (
    <LinkProblem title="Verification link not valid" problem={result.problem} lifetime="24 hours">
      {session ? (
        <>
          <p>Ask for a new link; it goes to {session.user.email}.</p>
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

function Verified({ signedIn }: { signedIn: boolean }) {
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

function CheckInbox({ email }: { email: string }) {
  return (
    <section className="card" aria-labelledby="check-inbox-title">
      <h1 id="check-inbox-title">Verify your email address</h1>
      <p>
        We sent a link to <strong>{email}</strong>. Open it to confirm the address is yours; then you can use your account.
      </p>
      <p className="hint">The link works once, for 24 hours. Not there? Look in your spam folder, or ask for a new link.</p>
      <ResendForm className="primary" />
    </section>
  );
}
