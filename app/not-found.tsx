import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('errors.notFound'))('pageTitle') };
}

// Any address no page answers, and every notFound() (an unknown user in the admin console, the dev
// outbox where it is off): HTTP 404, inside the layout, in the visitor's language.
export default async function NotFound() {
  const t = await getTranslations('errors.notFound');
  return (
    <section className="panel" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('title')}</h1>
      <p>{t('body')}</p>
      <p>
        <Link href="/">{t('home')}</Link>
      </p>
    </section>
  );
}
