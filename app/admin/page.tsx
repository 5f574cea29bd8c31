import type { Metadata } from 'next';
import { requireAdmin } from '@/lib/auth/dal';
import { getAdminOverview } from '@/lib/admin/overview';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  await requireAdmin();
  const { users, activeSessions } = await getAdminOverview();
  return (
    <section className="panel" aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      <dl className="facts">
        <div>
          <dt>Users</dt>
          <dd>{users}</dd>
        </div>
        <div>
          <dt>Active sessions</dt>
          <dd>{activeSessions}</dd>
        </div>
      </dl>
    </section>
  );
}
