import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { loginPath, safeNextPath } from '@/lib/auth/redirect';
import { ProviderButtons } from '@/components/provider-buttons';
import { SignUpForm } from './signup-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('signUp'))('title') };
}

type SearchParams = Promise<{ next?: string | string[] }>;

// `next`: where to go once the account exists, as on the sign-in page (an app's sign-in request).
export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const next = safeNextPath((await searchParams).next);
  if ((await getSessionIfReachable()).session) redirect(next);
  const t = await getTranslations('signUp');
  return (
    <section className="card" aria-labelledby="signup-title">
      <h1 id="signup-title">{t('heading')}</h1>
      <SignUpForm next={next} />
      <ProviderButtons next={next} />
      <p className="switch">
        {t.rich('haveAccount', { link: (chunks) => <Link href={loginPath(next)}>{chunks}</Link> })}
      </p>
    </section>
  );
}
