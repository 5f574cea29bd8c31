import type { Metadata } from 'next';
import { requireSession } from '@/lib/auth/dal';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ 'password-reset'?: string }> }) {
  const { user } = await requireSession();
  const passwordReset = (await searchParams)['password-reset'] === '1';
  return (
    <section className="panel" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      {passwordReset && (
        <p className="form-success" role="status">
          Your password has been reset, and every other session has been signed out.
        </p>
      )}
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
