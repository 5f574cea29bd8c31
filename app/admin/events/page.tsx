import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin-nav';
import { TablePager } from '@/components/table-pager';
import { Time } from '@/components/time';
import { EVENT_TYPES, describeEvent, listEvents } from '@/lib/audit';
import { requireAdmin } from '@/lib/accounts/dal';
import { pageParam } from '@/lib/pagination';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.events'))('title') };
}

type Search = { type?: string | string[]; user?: string | string[]; page?: string | string[] };

export default async function EventsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const params = await searchParams;
  const type = EVENT_TYPES.find((known) => known === params.type) ?? '';
  const email = typeof params.user === 'string' ? params.user.slice(0, 254) : '';
  const page = pageParam(params.page);
  const [{ events, pages }, t] = await Promise.all([
    listEvents({ type: type || undefined, email: email || undefined }, page),
    getTranslations('admin.events'),
  ]);
  return (
    <section className="panel" aria-labelledby="events-title">
      <h1 id="events-title">{t('title')}</h1>
      <AdminNav />
      <form method="get" className="inline-form">
        <label htmlFor="event-type">{t('type')}</label>
        {/* The types are the audit log's codes, the same in every language, as the Type column shows them. */}
        <select id="event-type" name="type" defaultValue={type}>
          <option value="">{t('allTypes')}</option>
          {EVENT_TYPES.map((known) => (
            <option key={known} value={known}>
              {known}
            </option>
          ))}
        </select>
        <label htmlFor="event-user">{t('user')}</label>
        <input id="event-user" name="user" type="search" defaultValue={email} placeholder={t('userPlaceholder')} />
        <button type="submit">{t('filter')}</button>
      </form>
      <TablePager
        columns={[t('when'), t('user'), t('type'), t('event')]}
        rows={events}
        row={(event) => (
          <tr key={event.id} data-testid="event">
            <td>
              <Time date={event.createdAt} />
            </td>
            <td>{event.user ? <Link href={`/admin/users/${event.user.id}`}>{event.user.email}</Link> : ((event.detail as { email?: string } | null)?.email ?? '—')}</td>
            <td>{event.type}</td>
            <td>{describeEvent(event)}</td>
          </tr>
        )}
        empty={t('empty')}
        page={page}
        pages={pages}
        path="/admin/events"
        query={{ type, user: email }}
      />
    </section>
  );
}
