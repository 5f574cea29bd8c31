import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { TablePager } from '@/components/table-pager';
import { listUsers } from '@/lib/admin/users';
import { requireAdmin } from '@/lib/accounts/dal';
import { formatTime } from '@/lib/format';
import { pageParam } from '@/lib/pagination';

export const metadata: Metadata = { title: 'Users' };

type Search = { q?: string | string[]; page?: string | string[] };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const params = await searchParams;
  const query = typeof params.q === 'string' ? params.q.slice(0, 254) : '';
  const page = pageParam(params.page);
  const { users, pages } = await listUsers(query, page);
  return (
    <section className="panel" aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <AdminNav />
      <form method="get" className="inline-form" role="search">
        <label htmlFor="user-search">Search</label>
        <input id="user-search" name="q" type="search" defaultValue={query} placeholder="Part of an email" />
        <button type="submit">Search</button>
      </form>
      <TablePager
        columns={['Email', 'Role', 'Created', 'Last sign-in', 'Status']}
        rows={users}
        row={(user) => (
          <tr key={user.id}>
            <td>
              <Link href={`/admin/users/${user.id}`}>{user.email}</Link>
            </td>
            <td>{user.role}</td>
            <td>{formatTime(user.createdAt)}</td>
            <td>{user.lastSignInAt ? formatTime(user.lastSignInAt) : 'Never'}</td>
            <td>{user.disabledAt ? 'Disabled' : 'Active'}</td>
          </tr>
        )}
        empty="No users match."
        page={page}
        pages={pages}
        path="/admin/users"
        query={{ q: query }}
      />
    </section>
  );
}
