import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { DashboardView } from '@/components/dashboard-view';
import { requireSession } from '@/lib/accounts/dal';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dashboard'))('title') };
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ 'password-reset'?: string }> }) {
  const { user } = await requireSession();
  const passwordReset = (await searchParams)['password-reset'] === '1';
  return <DashboardView user={user} passwordReset={passwordReset} />;
}
