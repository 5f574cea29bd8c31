import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AdminNav } from '@/components/admin-nav';
import { EventList } from '@/components/event-list';
import { SessionSummary } from '@/components/session-summary';
import { getUserForAdmin } from '@/lib/admin/users';
import { listEvents } from '@/lib/audit';
import { requireAdmin } from '@/lib/accounts/dal';
import { listActiveSessions } from '@/lib/accounts/sessions';
import { formatTime } from '@/lib/format';
import { changeRoleAction, setDisabledAction, signOutUserAction } from './actions';
import { isUuid } from '@/lib/db/uuid';

export const metadata: Metadata = { title: 'User' };

const ERRORS: Record<string, string> = {
  last_admin: 'There must always be at least one active admin.',
  not_found: 'That user no longer exists.',
};

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string }> };

export default async function AdminUserPage({ params, searchParams }: Props) {
  await requireAdmin();
  const { id } = await params;
  const user = isUuid(id) ? await getUserForAdmin(id) : null;
  if (!user) notFound();
  const error = ERRORS[(await searchParams).error ?? ''];
  const [sessions, { events }] = await Promise.all([listActiveSessions(user.id), listEvents({ userId: user.id }, 1)]);
  return (
    <section className="panel" aria-labelledby="user-title">
      <h1 id="user-title">{user.email}</h1>
      <AdminNav />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>Role</dt>
          <dd data-testid="user-role">{user.role}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-testid="user-status">{user.disabledAt ? 'Disabled' : 'Active'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(user.createdAt)}</dd>
        </div>
      </dl>

      <h2>Actions</h2>
      <div className="admin-actions">
        <form action={changeRoleAction} className="inline-form">
          <input type="hidden" name="userId" value={user.id} />
          <label htmlFor="role">Role</label>
          <select id="role" name="role" defaultValue={user.role}>
            <option value="USER">USER</option>
            <option value="ADMIN">ADMIN</option>
          </select>
          <button type="submit">Save role</button>
        </form>
        <form action={setDisabledAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="disabled" value={user.disabledAt ? 'false' : 'true'} />
          <button type="submit" className={user.disabledAt ? 'secondary' : 'danger'}>
            {user.disabledAt ? 'Enable account' : 'Disable account'}
          </button>
        </form>
        <form action={signOutUserAction}>
          <input type="hidden" name="userId" value={user.id} />
          <button type="submit" className="secondary">
            Sign out everywhere
          </button>
        </form>
      </div>

      <h2>Sessions</h2>
      {sessions.length === 0 ? (
        <p>No active sessions.</p>
      ) : (
        <ul className="sessions">
          {sessions.map((session) => (
            <li key={session.id} className="session" data-testid="session">
              <SessionSummary session={session} />
            </li>
          ))}
        </ul>
      )}

      <h2>Recent events</h2>
      <EventList events={events} />
    </section>
  );
}
