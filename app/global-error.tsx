'use client';

import './globals.css';

// Replaces the whole document when the root layout itself fails. Like app/error.tsx it never
// shows the error, only the digest the server log has it under.
export default function GlobalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main">
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
        </main>
      </body>
    </html>
  );
}
