import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Pager } from '@/components/pager';
import { EventList } from '@/components/event-list';
import { listEvents } from '@/lib/audit';
import { requireSession } from '@/lib/accounts/dal';
import { pageParam } from '@/lib/pagination';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('activity'))('title') };
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const { user } = await requireSession();
  const page = pageParam((await searchParams).page);
  const [{ events, pages }, t] = await Promise.all([listEvents({ userId: user.id }, page), getTranslations('activity')]);
  return (
    <section className="panel" aria-labelledby="activity-title">
      <h1 id="activity-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {events.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <EventList events={events} />
      )}
      <Pager page={page} pages={pages} path="/settings/activity" labels={[t('newer'), t('older')]} />
    </section>
  );
}
