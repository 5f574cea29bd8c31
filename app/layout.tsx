import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Header } from '@/components/header';
import { getCurrentSession } from '@/lib/auth/dal';
import { PATH_HEADER } from '@/lib/auth/redirect';
import { VERIFY_EMAIL_PATH } from '@/lib/auth/verification';
import { signOutAction } from './actions';
import { VerificationBanner } from './verify-email/banner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Latchkey', template: '%s · Latchkey' },
  description: 'Self-hostable sign-up, sign-in and sessions.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession();
  // The verification page says the same thing itself, and may just have verified the address.
  const onVerifyPage = (await headers()).get(PATH_HEADER)?.startsWith(VERIFY_EMAIL_PATH) ?? false;
  return (
    <html lang="en">
      <body>
        <Header email={session?.user.email ?? null} signOut={signOutAction} />
        <main id="main">
          {session && !session.user.emailVerified && !onVerifyPage && <VerificationBanner email={session.user.email} />}
          {children}
        </main>
      </body>
    </html>
  );
}
