import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AdminNav } from '@/components/admin-nav';
import { EventList } from '@/components/event-list';
import { SessionSummary } from '@/components/session-summary';
import { getUserForAdmin } from '@/lib/admin/users';
import { listEvents } from '@/lib/audit';
import { requireAdmin } from '@/lib/accounts/dal';
import { listPasskeys, signInMethods } from '@/lib/accounts/passkeys';
import { listActiveSessions } from '@/lib/accounts/sessions';
import { formatTime } from '@/lib/format';
import { changeRoleAction, removeUserPasskeyAction, setDisabledAction, signOutUserAction } from './actions';
import { isUuid } from '@/lib/db/uuid';

export const metadata: Metadata = { title: 'User' };

const ERRORS: Record<string, string> = {
  last_admin: 'There must always be at least one active admin.',
  not_found: 'That user no longer exists.',
  passkey_not_found: 'That passkey is no longer on this account.',
  last_sign_in_method: "This is the user's only way to sign in: they have no password.",
};

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string }> };

export default async function AdminUserPage({ params, searchParams }: Props) {
  await requireAdmin();
  const { id } = await params;
  const user = isUuid(id) ? await getUserForAdmin(id) : null;
  if (!user) notFound();
  const error = ERRORS[(await searchParams).error ?? ''];
  const [sessions, { events }, passkeys, methods] = await Promise.all([
    listActiveSessions(user.id),
    listEvents({ userId: user.id }, 1),
    listPasskeys(user.id),
    signInMethods(user.id),
  ]);
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
        <div>
          <dt>Password</dt>
          <dd data-testid="user-password">{methods.password ? 'Set' : 'None (signs in with passkeys or connected accounts)'}</dd>
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

      <h2>Passkeys</h2>
      {passkeys.length === 0 ? (
        <p>No passkeys.</p>
      ) : (
        <ul className="sessions" aria-label="Passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="session" aria-labelledby={`passkey-${passkey.id}`}>
              <div>
                <p className="device" id={`passkey-${passkey.id}`}>
                  {passkey.name}
                </p>
                <p className="meta">
                  Added {formatTime(passkey.createdAt)} · {passkey.lastUsedAt ? `Last used ${formatTime(passkey.lastUsedAt)}` : 'Never used'}
                </p>
              </div>
              <form action={removeUserPasskeyAction}>
                <input type="hidden" name="userId" value={user.id} />
                <input type="hidden" name="passkeyId" value={passkey.id} />
                <button type="submit" className="secondary danger-text">
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}

      <h2>Recent events</h2>
      <EventList events={events} />
    </section>
  );
}
