import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { PATH_HEADER, safeNextPath } from '@/lib/auth/redirect';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('errors.unavailable'))('title') };
}

// Middleware renders this page, with HTTP status 503, in place of a protected page while the
// database does not answer. Nothing here touches the database.
export default async function UnavailablePage() {
  const [t, headerList] = await Promise.all([getTranslations('errors.unavailable'), headers()]);
  const retry = safeNextPath(headerList.get(PATH_HEADER));
  return (
    <section className="panel" aria-labelledby="unavailable-title">
      <h1 id="unavailable-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <p>{t('body')}</p>
      <p>
        {/* A full page load, so middleware checks the database again. */}
        <a href={retry} className="button-link">
          {t('retry')}
        </a>
      </p>
    </section>
  );
}
