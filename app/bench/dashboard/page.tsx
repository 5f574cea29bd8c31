import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { DashboardView } from '@/components/dashboard-view';
import { BENCH_PLACEHOLDER } from '@/lib/bench-twin';
import { getConfig } from '@/lib/config';

export const metadata: Metadata = { title: 'Dashboard' };

// The benchmark's twin of /dashboard (npm run bench, figure 1; see lib/bench-twin.ts). It exists
// only when LATCHKEY_BENCH=1 and shows a fixed placeholder user, never anyone's data; otherwise 404.
export default async function BenchDashboardPage() {
  // Rendered per request, like /dashboard.
  await connection();
  if (!getConfig().benchRoutes) notFound();
  return <DashboardView user={BENCH_PLACEHOLDER.user} />;
}
