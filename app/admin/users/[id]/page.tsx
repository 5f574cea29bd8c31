import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin-nav';
import { EventList } from '@/components/event-list';
import { SessionSummary } from '@/components/session-summary';
import { Time } from '@/components/time';
import { getUserForAdmin } from '@/lib/admin/users';
import { listEvents } from '@/lib/audit';
import { requireAdmin } from '@/lib/accounts/dal';
import { listPasskeys, signInMethods } from '@/lib/accounts/passkeys';
import { listActiveSessions } from '@/lib/accounts/sessions';
import { getTimeFormat } from '@/lib/i18n/format-time';
import { ROLES } from '@/lib/auth/tokens';
import { changeRoleAction, removeUserPasskeyAction, setDisabledAction, signOutUserAction } from './actions';
import { isUuid } from '@/lib/db/uuid';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.user'))('title') };
}

// What an action that failed says, by the code it put in ?error= (./actions.ts).
const ERRORS = ['last_admin', 'not_found', 'passkey_not_found', 'last_sign_in_method'] as const;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string }> };

export default async function AdminUserPage({ params, searchParams }: Props) {
  await requireAdmin();
  const { id } = await params;
  const user = isUuid(id) ? await getUserForAdmin(id) : null;
  if (!user) notFound();
  const { error: code } = await searchParams;
  const error = ERRORS.find((known) => known === code);
  const [sessions, { events }, passkeys, methods, t, tAdmin, format] = await Promise.all([
    listActiveSessions(user.id),
    listEvents({ userId: user.id }, 1),
    listPasskeys(user.id),
    signInMethods(user.id),
    getTranslations('admin.user'),
    getTranslations('admin'),
    getTimeFormat(),
  ]);
  return (
    <section className="panel" aria-labelledby="user-title">
      <h1 id="user-title">{user.email}</h1>
      <AdminNav />
      {error && (
        <p className="form-error" role="alert">
          {t(`errors.${error}`)}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t('role')}</dt>
          <dd data-testid="user-role">{tAdmin(`roles.${user.role}`)}</dd>
        </div>
        <div>
          <dt>{t('status')}</dt>
          <dd data-testid="user-status">{user.disabledAt ? tAdmin('state.disabled') : tAdmin('state.active')}</dd>
        </div>
        <div>
          <dt>{t('created')}</dt>
          <dd>
            <Time date={user.createdAt} />
          </dd>
        </div>
        <div>
          <dt>{t('password')}</dt>
          <dd data-testid="user-password">{methods.password ? t('passwordSet') : t('passwordNone')}</dd>
        </div>
      </dl>

      <h2>{t('actions')}</h2>
      <div className="admin-actions">
        <form action={changeRoleAction} className="inline-form">
          <input type="hidden" name="userId" value={user.id} />
          <label htmlFor="role">{t('role')}</label>
          <select id="role" name="role" defaultValue={user.role}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {tAdmin(`roles.${role}`)}
              </option>
            ))}
          </select>
          <button type="submit">{t('saveRole')}</button>
        </form>
        <form action={setDisabledAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="disabled" value={user.disabledAt ? 'false' : 'true'} />
          <button type="submit" className={user.disabledAt ? 'secondary' : 'danger'}>
            {user.disabledAt ? t('enable') : t('disable')}
          </button>
        </form>
        <form action={signOutUserAction}>
          <input type="hidden" name="userId" value={user.id} />
          <button type="submit" className="secondary">
            {t('signOutEverywhere')}
          </button>
        </form>
      </div>

      <h2>{t('sessions')}</h2>
      {sessions.length === 0 ? (
        <p>{t('noSessions')}</p>
      ) : (
        <ul className="sessions">
          {sessions.map((session) => (
            <li key={session.id} className="session" data-testid="session">
              <SessionSummary session={session} />
            </li>
          ))}
        </ul>
      )}

      <h2>{t('passkeys')}</h2>
      {passkeys.length === 0 ? (
        <p>{t('noPasskeys')}</p>
      ) : (
        <ul className="sessions" aria-label={t('passkeys')}>
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="session" aria-labelledby={`passkey-${passkey.id}`}>
              <div>
                <p className="device" id={`passkey-${passkey.id}`}>
                  {passkey.name}
                </p>
                <p className="meta">
                  {t('passkeyAdded', { date: format(passkey.createdAt) })} ·{' '}
                  {passkey.lastUsedAt ? t('passkeyLastUsed', { date: format(passkey.lastUsedAt) }) : t('passkeyNeverUsed')}
                </p>
              </div>
              <form action={removeUserPasskeyAction}>
                <input type="hidden" name="userId" value={user.id} />
                <input type="hidden" name="passkeyId" value={passkey.id} />
                <button type="submit" className="secondary danger-text">
                  {t('removePasskey')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('events')}</h2>
      <EventList events={events} />
    </section>
  );
}
