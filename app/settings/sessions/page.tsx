import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SessionSummary } from '@/components/session-summary';
import { requireSession } from '@/lib/accounts/dal';
import { listActiveSessions } from '@/lib/accounts/sessions';
import { getDeviceWords } from '@/lib/request/device-words';
import { describeDevice } from '@/lib/request/user-agent';
import { revokeSessionAction, signOutEverywhereAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('sessions'))('title') };
}

export default async function SessionsPage() {
  const { user, sessionId } = await requireSession();
  const [sessions, t, words] = await Promise.all([listActiveSessions(user.id), getTranslations('sessions'), getDeviceWords()]);
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ul className="sessions">
        {sessions.map((session) => (
          <li key={session.id} className="session" data-testid="session">
            <SessionSummary session={session} badge={session.id === sessionId && <span className="badge">{t('thisDevice')}</span>} />
            {session.id !== sessionId && (
              <form action={revokeSessionAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="secondary" aria-label={t('signOutDevice', { device: describeDevice(session.userAgent, words) })}>
                  {t('signOut')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form action={signOutEverywhereAction} className="danger-zone">
        <button type="submit" className="danger">
          {t('signOutEverywhere')}
        </button>
      </form>
    </section>
  );
}
