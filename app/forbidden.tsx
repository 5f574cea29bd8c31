import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('errors.forbidden');
  return (
    <section className="panel" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{t('title')}</h1>
      <p>{t('body')}</p>
      <p>
        <Link href="/dashboard">{t('back')}</Link>
      </p>
    </section>
  );
}
