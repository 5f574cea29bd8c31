import type { Metadata } from 'next';
import { DashboardView } from '@/components/dashboard-view';
import { requireSession } from '@/lib/auth/dal';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { user } = await requireSession();
  return <DashboardView user={user} />;
}
