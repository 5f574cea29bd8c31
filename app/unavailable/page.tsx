import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { PATH_HEADER, safeNextPath } from '@/lib/auth/redirect';

export const metadata: Metadata = { title: 'Temporarily unavailable' };

// Middleware renders this page, with HTTP status 503, in place of a protected page while the
// database does not answer. Nothing here touches the database.
export default async function UnavailablePage() {
  const retry = safeNextPath((await headers()).get(PATH_HEADER));
  return (
    <section className="panel" aria-labelledby="unavailable-title">
      <h1 id="unavailable-title">Temporarily unavailable</h1>
      <p className="lead">Latchkey can&apos;t reach its database right now, so this page cannot be shown.</p>
      <p>Nothing is lost and you stay signed in. This usually passes within a minute.</p>
      <p>
        {/* A full page load, so middleware checks the database again. */}
        <a href={retry} className="button-link">
          Try again
        </a>
      </p>
    </section>
  );
}
