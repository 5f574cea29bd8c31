import { getTranslations } from 'next-intl/server';
import { getCurrentSession } from '@/lib/accounts/dal';
import { ResendForm } from './resend-form';

/** Shown above every protected page to a signed-in user whose email address is not verified yet. */
export async function VerificationBanner() {
  const session = await getCurrentSession();
  if (!session || session.user.emailVerified) return null;
  const t = await getTranslations('verifyEmail');
  return (
    <aside className="banner" aria-label={t('bannerLabel')} data-testid="verification-banner">
      <p>{t.rich('banner', { email: session.user.email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <ResendForm />
    </aside>
  );
}
