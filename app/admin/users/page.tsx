import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin-nav';
import { TablePager } from '@/components/table-pager';
import { Time } from '@/components/time';
import { listUsers } from '@/lib/admin/users';
import { requireAdmin } from '@/lib/accounts/dal';
import { pageParam } from '@/lib/pagination';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.users'))('title') };
}

type Search = { q?: string | string[]; page?: string | string[] };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const params = await searchParams;
  const query = typeof params.q === 'string' ? params.q.slice(0, 254) : '';
  const page = pageParam(params.page);
  const [{ users, pages }, t] = await Promise.all([listUsers(query, page), getTranslations('admin')]);
  return (
    <section className="panel" aria-labelledby="users-title">
      <h1 id="users-title">{t('users.title')}</h1>
      <AdminNav />
      <form method="get" className="inline-form" role="search">
        <label htmlFor="user-search">{t('users.search')}</label>
        <input id="user-search" name="q" type="search" defaultValue={query} placeholder={t('users.searchPlaceholder')} />
        <button type="submit">{t('users.searchButton')}</button>
      </form>
      <TablePager
        columns={[t('users.email'), t('users.role'), t('users.created'), t('users.lastSignIn'), t('users.status')]}
        rows={users}
        row={(user) => (
          <tr key={user.id}>
            <td>
              <Link href={`/admin/users/${user.id}`}>{user.email}</Link>
            </td>
            <td>{t(`roles.${user.role}`)}</td>
            <td>
              <Time date={user.createdAt} />
            </td>
            <td>{user.lastSignInAt ? <Time date={user.lastSignInAt} /> : t('users.never')}</td>
            <td>{user.disabledAt ? t('state.disabled') : t('state.active')}</td>
          </tr>
        )}
        empty={t('users.empty')}
        page={page}
        pages={pages}
        path="/admin/users"
        query={{ q: query }}
      />
    </section>
  );
}
