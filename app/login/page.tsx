import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { safeNextPath, signUpPath } from '@/lib/auth/redirect';
import { LoginForm } from './login-form';
import { PasskeySignIn } from './passkey-sign-in';
import { ProviderButtons } from '@/components/provider-buttons';
import { ProviderProblemMessage } from '@/components/provider-problem';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('signIn'))('title') };
}

type SearchParams = Promise<{ next?: string | string[]; error?: string | string[]; provider?: string | string[]; login_hint?: string | string[] }>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if ((await getSessionIfReachable()).session) redirect(next);
  const t = await getTranslations('signIn');
  return (
    <section className="card" aria-labelledby="login-title">
      <h1 id="login-title">{t('heading')}</h1>
      <ProviderProblemMessage error={params.error} provider={params.provider} />
      <LoginForm next={next} email={typeof params.login_hint === 'string' ? params.login_hint.slice(0, 254) : undefined} />
      <PasskeySignIn next={next} />
      <ProviderButtons next={next} />
      <p className="switch">
        <Link href="/forgot-password">{t('forgotPassword')}</Link>
      </p>
      <p className="switch">
        {t.rich('newHere', { link: (chunks) => <Link href={signUpPath(next)}>{chunks}</Link> })}
      </p>
    </section>
  );
}
