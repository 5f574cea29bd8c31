import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Header } from '@/components/header';
import { RouteFocus } from '@/components/route-focus';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { signOutAction } from './actions';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Latchkey', template: '%s · Latchkey' },
  description: 'Self-hostable sign-up, sign-in and sessions.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { session, reachable } = await getSessionIfReachable();
  return (
    <html lang="en">
      <body>
        <Header email={session?.user.email ?? null} accountLinks={reachable} signOut={signOutAction} />
        {/* Focusable from script only: the skip link and RouteFocus move the focus here. */}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <RouteFocus />
      </body>
    </html>
  );
}
