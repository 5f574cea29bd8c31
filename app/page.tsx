import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function HomePage() {
  const t = await getTranslations('home');
  return (
    <section className="hero">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <div className="actions">
        <Link href="/login" className="button-link">
          {t('signIn')}
        </Link>
        <Link href="/signup" className="button-link secondary">
          {t('signUp')}
        </Link>
      </div>
    </section>
  );
}
