import type { Metadata } from 'next';
import { requireSession } from '@/lib/auth/dal';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { user } = await requireSession();
  return (
    <section className="panel" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <p className="lead">You are signed in.</p>
      <dl className="facts">
        <div>
          <dt>Email</dt>
          <dd data-testid="user-email">{user.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd data-testid="user-role">{user.role}</dd>
        </div>
      </dl>
    </section>
  );
}
