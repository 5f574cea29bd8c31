import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin-nav';
import { requireAdmin } from '@/lib/accounts/dal';
import { findClient } from '@/lib/oauth/clients';
import { setClientDisabledAction } from '../actions';
import { EditClientForm, RotateSecretForm } from './client-forms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('adminClients'))('title') };
}

// One app: its registration to edit, a new secret for a confidential one, disable or enable.
export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  // A client_id is base64url: nothing to decode (decoding a stray % would throw: a 500, not a 404).
  const client = await findClient((await params).id);
  if (!client) notFound();
  const t = await getTranslations('adminClients');
  return (
    <section className="panel" aria-labelledby="client-title">
      <h1 id="client-title">{client.name}</h1>
      <AdminNav />
      <p>
        <Link href="/admin/clients">{t('back')}</Link>
      </p>
      <dl className="client-credentials">
        <dt>client_id</dt>
        <dd>
          <code>{client.id}</code>
        </dd>
        <dt>{t('type')}</dt>
        <dd>{client.type === 'PUBLIC' ? t('publicShort') : t('confidentialShort')}</dd>
        <dt>{t('status')}</dt>
        <dd>{client.disabledAt ? t('disabled') : t('active')}</dd>
      </dl>
      <section aria-labelledby="edit-title" className="admin-section">
        <h2 id="edit-title">{t('editTitle')}</h2>
        <EditClientForm
          clientId={client.id}
          values={{ name: client.name, redirectUris: client.redirectUris, postLogoutRedirectUris: client.postLogoutRedirectUris, scopes: client.scopes }}
        />
      </section>
      {client.type === 'CONFIDENTIAL' && (
        <section aria-labelledby="secret-title" className="admin-section">
          <h2 id="secret-title">{t('secretTitle')}</h2>
          <p className="hint">{t('secretHint')}</p>
          <RotateSecretForm clientId={client.id} />
        </section>
      )}
      <section aria-labelledby="status-title" className="admin-section">
        <h2 id="status-title">{client.disabledAt ? t('enableTitle') : t('disableTitle')}</h2>
        <p className="hint">{client.disabledAt ? t('enableHint') : t('disableHint')}</p>
        <form action={setClientDisabledAction}>
          <input type="hidden" name="clientId" value={client.id} />
          <input type="hidden" name="disabled" value={client.disabledAt ? 'false' : 'true'} />
          <button type="submit" className={client.disabledAt ? 'secondary' : 'secondary danger-text'}>
            {client.disabledAt ? t('enable') : t('disable')}
          </button>
        </form>
      </section>
    </section>
  );
}
