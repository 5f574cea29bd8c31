import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { listConnectedAccounts } from '@/lib/accounts/connected-accounts';
import { requireSession } from '@/lib/accounts/dal';
import { ProviderProblemMessage } from '@/components/provider-problem';
import { findProvider } from '@/lib/auth/oidc';
import { getConfig } from '@/lib/config';
import { getTimeFormat } from '@/lib/i18n/format-time';
import { DisconnectForm } from './disconnect-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('connected'))('title') };
}

type SearchParams = Promise<{ connected?: string | string[]; error?: string | string[]; provider?: string | string[] }>;

// Settings → Connected accounts: the providers that can sign in to this account, `Disconnect`
// for each, and `Connect` for the configured ones not connected yet.
export default async function ConnectedAccountsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireSession();
  const params = await searchParams;
  const [connected, t, format] = await Promise.all([listConnectedAccounts(user.id), getTranslations('connected'), getTimeFormat()]);
  const justConnected = typeof params.connected === 'string' ? findProvider(params.connected)?.name : undefined;
  const available = getConfig().providers.filter((provider) => !connected.some((account) => account.provider === provider.id));
  return (
    <section className="panel" aria-labelledby="connected-title">
      <h1 id="connected-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ProviderProblemMessage error={params.error} provider={params.provider} />
      {justConnected && (
        <p className="form-success" role="status">
          {t('justConnected', { provider: justConnected })}
        </p>
      )}
      {connected.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="passkeys" aria-label={t('listLabel')}>
          {connected.map((account) => (
            <li key={account.id} className="passkey connected-account">
              <div className="passkey-summary">
                <strong>{account.name}</strong>
                <span className="hint">
                  {[
                    account.email ?? t('noEmail'),
                    t('connectedAt', { time: format(account.createdAt) }),
                    ...(account.lastUsedAt ? [t('lastUsed', { time: format(account.lastUsedAt) })] : []),
                  ].join(' · ')}
                </span>
              </div>
              <DisconnectForm id={account.id} />
            </li>
          ))}
        </ul>
      )}
      {available.length > 0 && (
        <div className="provider-buttons">
          {available.map((provider) => (
            <form key={provider.id} method="post" action={`/auth/start/${provider.id}`}>
              <input type="hidden" name="intent" value="connect" />
              <button type="submit" className="secondary wide">
                {t('connect', { provider: provider.name })}
              </button>
            </form>
          ))}
          <p className="hint">{t('recentHint')}</p>
        </div>
      )}
    </section>
  );
}
