import type { Metadata } from 'next';
import { SessionSummary } from '@/components/session-summary';
import { requireSession } from '@/lib/accounts/dal';
import { listActiveSessions } from '@/lib/accounts/sessions';
import { describeDevice } from '@/lib/request/user-agent';
import { revokeSessionAction, signOutEverywhereAction } from './actions';

export const metadata: Metadata = { title: 'Sessions' };

export default async function SessionsPage() {
  const { user, sessionId } = await requireSession();
  const sessions = await listActiveSessions(user.id);
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h1 id="sessions-title">Sessions</h1>
      <p className="lead">Devices where you are signed in. Signing a device out takes effect at its next page load.</p>
      <ul className="sessions">
        {sessions.map((session) => (
          <li key={session.id} className="session" data-testid="session">
            <SessionSummary session={session} badge={session.id === sessionId && <span className="badge">This device</span>} />
            {session.id !== sessionId && (
              <form action={revokeSessionAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="secondary" aria-label={`Sign out ${describeDevice(session.userAgent)}`}>
                  Sign out
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form action={signOutEverywhereAction} className="danger-zone">
        <button type="submit" className="danger">
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}
