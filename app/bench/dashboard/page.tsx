import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { DashboardView } from '@/components/dashboard-view';
import { getConfig } from '@/lib/config';

export const metadata: Metadata = { title: 'Dashboard' };

// The benchmark's twin of /dashboard (npm run bench, figure 1): the same page with no session
// check, so the difference in requests per second is the cost of authentication. It exists only
// when LATCHKEY_BENCH=1 and shows a fixed placeholder user, never anyone's data; otherwise 404.
const PLACEHOLDER = { email: 'bench@example.invalid', role: 'USER' };

export default async function BenchDashboardPage() {
  // Rendered per request, like /dashboard.
  await connection();
  if (!getConfig().benchRoutes) notFound();
  return <DashboardView user={PLACEHOLDER} />;
}
