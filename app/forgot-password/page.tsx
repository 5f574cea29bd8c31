import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ForgotPasswordForm } from './forgot-password-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('passwordReset'))('forgotTitle') };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations('passwordReset');
  return (
    <section className="card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t('forgotHeading')}</h1>
      <p className="lead">{t('forgotLead')}</p>
      <ForgotPasswordForm />
      <p className="switch">
        {t.rich('remembered', { link: (chunks) => <Link href="/login">{chunks}</Link> })}
      </p>
    </section>
  );
}
