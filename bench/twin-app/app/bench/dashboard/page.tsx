import type { Metadata } from 'next';
import { connection } from 'next/server';
import { DashboardView } from '@/components/dashboard-view';
import { PLACEHOLDER } from '../session';

export const metadata: Metadata = { title: 'Dashboard' };

// The benchmark's twin of /dashboard (figure 1; see ../session.ts), in the benchmark's own build
// only: the dashboard's content for the placeholder user, with no session check.
export default async function BenchDashboardPage() {
  // Rendered per request, like /dashboard.
  await connection();
  return <DashboardView user={PLACEHOLDER.user} />;
}
