import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTimeZone, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Footer } from '@/components/footer';
import { Header } from '@/components/header';
import { RouteFocus } from '@/components/route-focus';
import { TimeZoneSync } from '@/components/time-zone-sync';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { clientMessages } from '@/lib/i18n/client-messages';
import { setLanguageAction, signOutAction } from './actions';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: { default: t('appName'), template: `%s · ${t('appName')}` }, description: t('appDescription') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ session, reachable }, locale, timeZone, messages] = await Promise.all([getSessionIfReachable(), getLocale(), getTimeZone(), getMessages()]);
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider messages={clientMessages(messages)}>
          <Header email={session?.user.email ?? null} accountLinks={reachable} signOut={signOutAction} />
          {/* Focusable from script only: the skip link and RouteFocus move the focus here. */}
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <Footer setLanguage={setLanguageAction} />
          <RouteFocus />
          <TimeZoneSync serverTimeZone={timeZone} />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
