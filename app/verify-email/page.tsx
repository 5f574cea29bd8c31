import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getCurrentSession } from '@/lib/accounts/dal';
import { loginPath } from '@/lib/auth/redirect';
import { VERIFY_EMAIL_PATH, checkVerificationLink } from '@/lib/accounts/verification';
import { ConfirmEmailForm } from './confirm-email-form';
import { unusableLink } from './confirm-state';
import { VerificationLinkProblem, Verified } from './outcomes';
import { ResendForm } from './resend-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('verifyEmail'))('title') };
}

// Two pages in one: with ?token= it is where a verification link leads; without, it tells a
// signed-in, unverified user what to do (the data-access layer sends them here when verification
// is required). Opening a link only looks at it: mail scanners open links, so the address is
// verified by the button on the page (a POST), never by the GET.

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const session = await getCurrentSession();
  if (token === undefined) {
    if (!session) redirect(loginPath(VERIFY_EMAIL_PATH));
    return session.user.emailVerified ? <Verified signedIn /> : <CheckInbox email={session.user.email} />;
  }

  // The form is rendered whatever the link's state: after a post without JavaScript the page
  // renders again, the link used by then, and only the form's own state knows it went well.
  const link = await checkVerificationLink(token);
  const email = session?.user.email ?? null;
  return (
    <ConfirmEmailForm
      token={link.ok ? (token as string) : ''}
      email={link.ok ? link.email : ''}
      initial={link.ok ? { status: 'ready' } : unusableLink(link.error, session)}
      outcomes={{
        verified: <Verified signedIn={session !== null} />,
        invalid: <VerificationLinkProblem problem="invalid" email={email} />,
        used: <VerificationLinkProblem problem="used" email={email} />,
        expired: <VerificationLinkProblem problem="expired" email={email} />,
      }}
    />
  );
}

async function CheckInbox({ email }: { email: string }) {
  const t = await getTranslations('verifyEmail');
  return (
    <section className="card" aria-labelledby="check-inbox-title">
      <h1 id="check-inbox-title">{t('checkInboxHeading')}</h1>
      <p>{t.rich('checkInbox', { email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <p className="hint">{t('checkInboxHint')}</p>
      <ResendForm className="primary" />
    </section>
  );
}
