import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireSession } from '@/lib/accounts/dal';
import { getTimeFormat } from '@/lib/i18n/format-time';
import { listAppsWithAccess } from '@/lib/oauth/consent';
import type { Scope } from '@/lib/oauth/scopes';
import { RevokeAppForm } from './revoke-app-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('apps'))('title') };
}

// Settings → Apps: the apps this account signs in to through Latchkey, what each may see, and
// `Revoke access` for each (lib/oauth/consent.ts).
export default async function AppsPage() {
  const { user } = await requireSession();
  const [apps, t, tScopes, format] = await Promise.all([listAppsWithAccess(user.id), getTranslations('apps'), getTranslations('oauth.scopes'), getTimeFormat()]);
  return (
    <section className="panel" aria-labelledby="apps-title">
      <h1 id="apps-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {apps.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="passkeys" aria-label={t('listLabel')}>
          {apps.map((app) => (
            <li key={app.clientId} className="passkey">
              <div className="passkey-summary">
                <strong>{app.name}</strong>
                <span className="hint">{t('allowedAt', { time: format(app.allowedAt) })}</span>
                <span className="hint">{app.scopes.map((scope) => tScopes(scope as Scope)).join(' · ')}</span>
              </div>
              <RevokeAppForm clientId={app.clientId} name={app.name} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
