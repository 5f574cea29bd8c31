import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { Pager, pageParam } from '@/components/pager';
import { listUsers } from '@/lib/admin/users';
import { requireAdmin } from '@/lib/accounts/dal';
import { formatTime } from '@/lib/format';

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
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                <Link href={`/admin/users/${user.id}`}>{user.email}</Link>
              </td>
              <td>{user.role}</td>
              <td>{formatTime(user.createdAt)}</td>
              <td>{user.lastSignInAt ? formatTime(user.lastSignInAt) : 'Never'}</td>
              <td>{user.disabledAt ? 'Disabled' : 'Active'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.length === 0 && <p>No users match.</p>}
      <Pager page={page} pages={pages} href={(to) => `/admin/users?${new URLSearchParams({ q: query, page: String(to) })}`} />
    </section>
  );
}
