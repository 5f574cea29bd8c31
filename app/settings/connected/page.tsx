import type { Metadata } from 'next';
import { listConnectedAccounts } from '@/lib/accounts/connected-accounts';
import { requireSession } from '@/lib/accounts/dal';
import { ProviderProblemMessage } from '@/components/provider-problem';
import { findProvider } from '@/lib/auth/oidc';
import { getConfig } from '@/lib/config';
import { formatTime } from '@/lib/format';
import { DisconnectForm } from './disconnect-form';

export const metadata: Metadata = { title: 'Connected accounts' };

type SearchParams = Promise<{ connected?: string | string[]; error?: string | string[]; provider?: string | string[] }>;

// Settings → Connected accounts: the providers that can sign in to this account, `Disconnect`
// for each, and `Connect` for the configured ones not connected yet.
export default async function ConnectedAccountsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireSession();
  const params = await searchParams;
  const connected = await listConnectedAccounts(user.id);
  const justConnected = typeof params.connected === 'string' ? findProvider(params.connected)?.name : undefined;
  const available = getConfig().providers.filter((provider) => !connected.some((account) => account.provider === provider.id));
  return (
    <section className="panel" aria-labelledby="connected-title">
      <h1 id="connected-title">Connected accounts</h1>
      <p className="lead">Accounts at other providers that can sign you in here.</p>
      <ProviderProblemMessage error={params.error} provider={params.provider} />
      {justConnected && (
        <p className="form-success" role="status">
          {justConnected} is connected. You can now sign in with it.
        </p>
      )}
      {connected.length === 0 ? (
        <p>No accounts are connected.</p>
      ) : (
        <ul className="passkeys" aria-label="Connected accounts">
          {connected.map((account) => (
            <li key={account.id} className="passkey">
              <div className="passkey-summary">
                <strong>{account.name}</strong>
                <span className="hint">
                  {account.email ?? 'No email shared'} · Connected {formatTime(account.createdAt)}
                  {account.lastUsedAt && ` · Last used ${formatTime(account.lastUsedAt)}`}
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
                Connect {provider.name}
              </button>
            </form>
          ))}
          <p className="hint">Connecting needs a sign-in within the last 5 minutes.</p>
        </div>
      )}
    </section>
  );
}
