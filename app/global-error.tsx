'use client';

import { NextIntlClientProvider } from 'next-intl';
import { useState } from 'react';
import { LOCALE_COOKIE, type Locale, isLocale } from '@/lib/i18n/locales';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import './globals.css';
import ErrorPage from './error';

// Replaces the whole document when the root layout itself fails: the same message as
// app/error.tsx, inside a document of its own. The layout's NextIntlClientProvider is gone with it
// and the server may not answer, so this page brings its few messages and picks the language in
// the browser: the failed page's <html lang> (what the server chose, the saved choice included),
// else the latchkey_lang cookie, else the browser's languages, else English.
const MESSAGES: Record<Locale, { errors: typeof en.errors }> = { en: { errors: en.errors }, de: { errors: de.errors } };

export default function GlobalError(props: { error: Error & { digest?: string }; retry: () => void }) {
  // Read once, before this document replaces the failed one and its lang.
  const [locale] = useState(browserLocale);
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider locale={locale} messages={MESSAGES[locale]} timeZone="UTC">
          <main id="main">
            <ErrorPage {...props} />
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

function browserLocale(): Locale {
  // Rendered on the server only in a shell Next.js replaces at once: English there.
  if (typeof document === 'undefined') return 'en';
  const lang = document.documentElement.lang;
  if (isLocale(lang)) return lang;
  const cookie = document.cookie
    .split('; ')
    .find((entry) => entry.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  if (isLocale(cookie)) return cookie;
  return navigator.languages.map((tag) => tag.split('-')[0]?.toLowerCase()).find(isLocale) ?? 'en';
}
