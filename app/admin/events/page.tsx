import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { TablePager } from '@/components/table-pager';
import { EVENT_TYPES, describeEvent, listEvents } from '@/lib/audit';
import { requireAdmin } from '@/lib/accounts/dal';
import { formatTime } from '@/lib/format';
import { pageParam } from '@/lib/pagination';

export const metadata: Metadata = { title: 'Events' };

type Search = { type?: string | string[]; user?: string | string[]; page?: string | string[] };

export default async function EventsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const params = await searchParams;
  const type = EVENT_TYPES.find((known) => known === params.type) ?? '';
  const email = typeof params.user === 'string' ? params.user.slice(0, 254) : '';
  const page = pageParam(params.page);
  const { events, pages } = await listEvents({ type: type || undefined, email: email || undefined }, page);
  return (
    <section className="panel" aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <AdminNav />
      <form method="get" className="inline-form">
        <label htmlFor="event-type">Type</label>
        <select id="event-type" name="type" defaultValue={type}>
          <option value="">All types</option>
          {EVENT_TYPES.map((known) => (
            <option key={known} value={known}>
              {known}
            </option>
          ))}
        </select>
        <label htmlFor="event-user">User</label>
        <input id="event-user" name="user" type="search" defaultValue={email} placeholder="Email" />
        <button type="submit">Filter</button>
      </form>
      <TablePager
        columns={['When', 'User', 'Type', 'Event']}
        rows={events}
        row={(event) => (
          <tr key={event.id} data-testid="event">
            <td>{formatTime(event.createdAt)}</td>
            <td>{event.user ? <Link href={`/admin/users/${event.user.id}`}>{event.user.email}</Link> : ((event.detail as { email?: string } | null)?.email ?? '—')}</td>
            <td>{event.type}</td>
            <td>{describeEvent(event)}</td>
          </tr>
        )}
        empty="No events match."
        page={page}
        pages={pages}
        path="/admin/events"
        query={{ type, user: email }}
      />
    </section>
  );
}
