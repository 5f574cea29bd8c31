import { getTranslations } from 'next-intl/server';

/** The dashboard's content for a user: shared by /dashboard and its benchmark twin. */
export async function DashboardView({ user, passwordReset = false }: { user: { email: string; role: string }; passwordReset?: boolean }) {
  const t = await getTranslations('dashboard');
  return (
    <section className="panel" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('title')}</h1>
      {passwordReset && (
        <p className="form-success" role="status">
          {t('passwordReset')}
        </p>
      )}
      <p className="lead">{t('signedIn')}</p>
      <dl className="facts">
        <div>
          <dt>{t('email')}</dt>
          <dd data-testid="user-email">{user.email}</dd>
        </div>
        <div>
          <dt>{t('role')}</dt>
          <dd data-testid="user-role">{user.role}</dd>
        </div>
      </dl>
    </section>
  );
}
