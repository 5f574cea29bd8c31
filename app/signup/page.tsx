import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { DEFAULT_AFTER_SIGN_IN } from '@/lib/auth/redirect';
import { ProviderButtons } from '@/components/provider-buttons';
import { SignUpForm } from './signup-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('signUp'))('title') };
}

export default async function SignUpPage() {
  if ((await getSessionIfReachable()).session) redirect(DEFAULT_AFTER_SIGN_IN);
  const t = await getTranslations('signUp');
  return (
    <section className="card" aria-labelledby="signup-title">
      <h1 id="signup-title">{t('heading')}</h1>
      <SignUpForm />
      <ProviderButtons next={DEFAULT_AFTER_SIGN_IN} />
      <p className="switch">
        {t.rich('haveAccount', { link: (chunks) => <Link href="/login">{chunks}</Link> })}
      </p>
    </section>
  );
}
