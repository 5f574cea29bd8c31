'use client';

// Shown when a page fails unexpectedly. It never shows the error itself: in production Next.js
// replaces server errors with a digest, and the details stay in the server log under that digest.
export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <section className="panel" aria-labelledby="error-title">
      <h1 id="error-title">Something went wrong</h1>
      <p className="lead">Latchkey could not finish this request. Please try again in a moment.</p>
      {error.digest ? <p className="meta">Reference for the administrator: {error.digest}</p> : null}
      <p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </p>
    </section>
  );
}
