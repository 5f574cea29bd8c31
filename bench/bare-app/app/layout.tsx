import type { ReactNode } from 'react';

// Figure 6's reference: the smallest App Router app, to show what `next start` itself holds.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
