'use client';

import { NextIntlClientProvider } from 'next-intl';
import { useEffect, useState } from 'react';
import { LOCALE_COOKIE, type Locale, isLocale } from '@/lib/i18n/locales';
import type en from '@/messages/en.json';
import './globals.css';
import ErrorPage from './error';

// Replaces the whole document when the root layout itself fails: the same message as
// app/error.tsx, inside a document of its own. The layout's NextIntlClientProvider went with the
// layout, and Next.js renders this page in the browser only (the server sends an empty shell), so
// it brings a provider of its own:
// - the language, picked in the browser: the failed page's <html lang> (what the server chose, the
//   user's saved choice included), else the latchkey_lang cookie, else the browser's languages,
//   else English;
// - the messages, loaded when this page shows and not before: Next.js loads this component on
//   every page, and the message files would weigh on every page for a page almost never seen.
//   Static files are served even when the layout fails; should German not load, English does.
type ErrorMessages = { errors: typeof en.errors };

const LOADERS: Record<Locale, () => Promise<{ default: typeof en }>> = {
  en: () => import('@/messages/en.json'),
  de: () => import('@/messages/de.json'),
};

export default function GlobalError(props: { error: Error & { digest?: string }; retry: () => void }) {
  // Read once, before this document replaces the failed one and its lang.
  const [locale] = useState(browserLocale);
  const [loaded, setLoaded] = useState<{ locale: Locale; messages: ErrorMessages } | null>(null);
  useEffect(() => {
    let current = true;
    void loadMessages(locale).then((result) => current && setLoaded(result));
    return () => {
      current = false;
    };
  }, [locale]);
  return (
    <html lang={loaded?.locale ?? locale}>
      <body>
        <main id="main">
          {loaded && (
            <NextIntlClientProvider locale={loaded.locale} messages={loaded.messages} timeZone="UTC">
              <ErrorPage {...props} />
            </NextIntlClientProvider>
          )}
        </main>
      </body>
    </html>
  );
}

async function loadMessages(locale: Locale): Promise<{ locale: Locale; messages: ErrorMessages } | null> {
  for (const candidate of new Set<Locale>([locale, 'en'])) {
    try {
      return { locale: candidate, messages: { errors: (await LOADERS[candidate]()).default.errors } };
    } catch {
      // A chunk that did not load: try English, then give up (the page stays empty, as before React).
    }
  }
  return null;
}

function browserLocale(): Locale {
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
