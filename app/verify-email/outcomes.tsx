import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { LinkProblem } from '@/components/link-problem';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';
import { loginPath } from '@/lib/auth/redirect';
import { VERIFY_EMAIL_PATH } from '@/lib/accounts/verification';
import { ResendForm } from './resend-form';

// How a verification link ends: rendered on the server, shown when the page opens or once the
// confirm form has been sent (confirm-email-form.tsx).

export function Verified({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations('verifyEmail');
  return (
    <section className="card" aria-labelledby="verified-title">
      <h1 id="verified-title">{t('verifiedHeading')}</h1>
      <p className="form-success" role="status">
        {t('verified')}
      </p>
      <p className="switch">{signedIn ? <Link href="/dashboard">{t('toDashboard')}</Link> : <Link href="/login">{t('signIn')}</Link>}</p>
    </section>
  );
}

/** `email`: the signed-in user's address, where a new link would go; null when nobody is signed in. */
export function VerificationLinkProblem({ problem, email }: { problem: EmailTokenProblem; email: string | null }) {
  const t = useTranslations('verifyEmail');
  return (
    <LinkProblem title={t('linkProblemTitle')} problem={problem} lifetime={t('linkLifetime')}>
      {email ? (
        <>
          <p>{t('askNewLink', { email })}</p>
          <ResendForm className="primary" />
        </>
      ) : (
        <p>{t.rich('signInForNewLink', { link: (chunks) => <Link href={loginPath(VERIFY_EMAIL_PATH)}>{chunks}</Link> })}</p>
      )}
    </LinkProblem>
  );
}
