'use client';

import { useTranslations } from 'next-intl';

// Shown when a page fails unexpectedly. It never shows the error itself: in production Next.js
// replaces server errors with a digest, and the details stay in the server log under that digest.
// Inside the root layout, so its messages come from the layout's NextIntlClientProvider; when the
// layout itself fails, app/global-error.tsx gives it a provider of its own.
export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const t = useTranslations('errors');
  return (
    <section className="panel" aria-labelledby="error-title">
      <h1 id="error-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {error.digest ? <p className="meta">{t('reference', { digest: error.digest })}</p> : null}
      <p>
        <button type="button" onClick={retry}>
          {t('retry')}
        </button>
      </p>
    </section>
  );
}
