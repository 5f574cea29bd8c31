import type { Metadata } from 'next';
import { Pager } from '@/components/pager';
import { EventList } from '@/components/event-list';
import { listEvents } from '@/lib/audit';
import { requireSession } from '@/lib/accounts/dal';
import { pageParam } from '@/lib/pagination';

export const metadata: Metadata = { title: 'Activity' };

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const { user } = await requireSession();
  const page = pageParam((await searchParams).page);
  const { events, pages } = await listEvents({ userId: user.id }, page);
  return (
    <section className="panel" aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      <p className="lead">Recent security events on your account, newest first.</p>
      {events.length === 0 ? (
        <p>No events on this page.</p>
      ) : (
        <EventList events={events} />
      )}
      <Pager page={page} pages={pages} path="/settings/activity" labels={['Newer', 'Older']} />
    </section>
  );
}
