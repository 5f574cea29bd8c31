import type { Metadata } from 'next';
import Link from 'next/link';
import { describeEvent, listUserEvents } from '@/lib/audit';
import { requireSession } from '@/lib/auth/dal';

export const metadata: Metadata = { title: 'Activity' };

const formatTime = (date: Date) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const { user } = await requireSession();
  const requested = Number((await searchParams).page);
  const page = Number.isInteger(requested) && requested > 0 ? requested : 1;
  const { events, pages } = await listUserEvents(user.id, page);
  return (
    <section className="panel" aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      <p className="lead">Recent security events on your account, newest first.</p>
      {events.length === 0 ? (
        <p>No events on this page.</p>
      ) : (
        <ol className="events">
          {events.map((event) => (
            <li key={event.id} data-testid="event">
              <span>{describeEvent(event)}</span>
              <time dateTime={event.createdAt.toISOString()}>{formatTime(event.createdAt)}</time>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Pages" className="pager">
        {page > 1 ? <Link href={`/settings/activity?page=${page - 1}`}>Newer</Link> : <span />}
        <span>
          Page {page} of {pages}
        </span>
        {page < pages ? <Link href={`/settings/activity?page=${page + 1}`}>Older</Link> : <span />}
      </nav>
    </section>
  );
}
