'use client';

import './globals.css';
import ErrorPage from './error';

// Replaces the whole document when the root layout itself fails: the same message as
// app/error.tsx, inside a document of its own.
export default function GlobalError(props: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main">
          <ErrorPage {...props} />
        </main>
      </body>
    </html>
  );
}
