import type { ReactNode } from 'react';
import { VerificationBanner } from './verify-email/banner';

/** The layout of the protected areas (dashboard, settings, admin): the verification banner, then the page. */
export function ProtectedLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <VerificationBanner />
      {children}
    </>
  );
}
