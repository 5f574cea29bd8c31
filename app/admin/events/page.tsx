import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { Pager, pageParam } from '@/components/pager';
import { EVENT_TYPES, describeEvent, listEvents } from '@/lib/audit';
import { requireAdmin } from '@/lib/accounts/dal';
import { formatTime } from '@/lib/format';

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
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">User</th>
            <th scope="col">Type</th>
            <th scope="col">Event</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-testid="event">
              <td>{formatTime(event.createdAt)}</td>
              <td>{event.user ? <Link href={`/admin/users/${event.user.id}`}>{event.user.email}</Link> : ((event.detail as { email?: string } | null)?.email ?? '—')}</td>
              <td>{event.type}</td>
              <td>{describeEvent(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length === 0 && <p>No events match.</p>}
      <Pager page={page} pages={pages} href={(to) => `/admin/events?${new URLSearchParams({ type, user: email, page: String(to) })}`} />
    </section>
  );
}
