import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { readMfaChallengeCookie } from '@/lib/auth/cookies';
import { getCurrentSession } from '@/lib/accounts/dal';
import { findOutstandingMfaChallenge } from '@/lib/auth/mfa-challenge';
import { DEFAULT_AFTER_SIGN_IN, PASSWORD_RESET_NOTICE, loginPath, safeNextPath, verifyPath } from '@/lib/auth/redirect';
import { canUsePasskey } from '@/lib/accounts/two-factor-sign-in';
import { PasskeySecondFactor } from './passkey-second-factor';
import { VerifyForm } from './verify-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('twoFactorSignIn'))('title') };
}

type SearchParams = Promise<{ next?: string | string[]; method?: string | string[] }>;

// The second step of signing in, reached only with a live challenge cookie from the first.
export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getCurrentSession()) redirect(next);
  const challenge = await readMfaChallengeCookie();
  const loginHref = loginPath(next === DEFAULT_AFTER_SIGN_IN ? undefined : next);
  if (!challenge || !(await findOutstandingMfaChallenge(challenge))) redirect(loginHref);
  const passkey = await canUsePasskey(challenge);
  const recovery = params.method === 'recovery';
  // After a reset by mail: the password is set, and the code is still needed to sign in.
  const afterReset = next === `${DEFAULT_AFTER_SIGN_IN}?${PASSWORD_RESET_NOTICE}`;
  const t = await getTranslations('twoFactorSignIn');
  return (
    <section className="card" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('heading')}</h1>
      {afterReset && (
        <p className="form-success" role="status">
          {t('passwordChanged')}
        </p>
      )}
      <p className="lead">{recovery ? t('leadRecovery') : t('leadApp')}</p>
      <VerifyForm key={recovery ? 'recovery' : 'app'} next={next} recovery={recovery} loginHref={loginHref} />
      {passkey && <PasskeySecondFactor next={next} />}
      <p className="switch">
        {recovery ? (
          <Link href={verifyPath(next)}>{t('useApp')}</Link>
        ) : (
          <Link href={verifyPath(next, 'recovery')}>{t('useRecoveryCode')}</Link>
        )}
      </p>
    </section>
  );
}
