'use client';

import './globals.css';

// Replaces the whole document when the root layout itself fails. Like app/error.tsx it never
// shows the error, only the digest the server log has it under.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <main id="main">
          <section className="panel" aria-labelledby="error-title">
            <h1 id="error-title">Something went wrong</h1>
            <p className="lead">Latchkey could not finish this request. Please try again in a moment.</p>
            {error.digest ? <p className="meta">Reference for the administrator: {error.digest}</p> : null}
            <p>
              {/* A full page load: the app's own rendering has just failed. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/" className="button-link">
                Go to the home page
              </a>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
