import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin-nav';
import { requireAdmin } from '@/lib/accounts/dal';
import { listClients } from '@/lib/oauth/clients';
import { RegisterClientForm } from './register-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('adminClients'))('title') };
}

// A URI in a narrow column breaks after its slashes and dots, not in the middle of a word.
const breakable = (uri: string) => uri.split(/(?<=[/.?&])/).flatMap((part, index) => (index === 0 ? [part] : [<wbr key={index} />, part]));

// The apps that sign their users in through Latchkey, and registering a new one.
export default async function ClientsPage() {
  await requireAdmin();
  const [clients, t] = await Promise.all([listClients(), getTranslations('adminClients')]);
  return (
    <section className="panel" aria-labelledby="clients-title">
      <h1 id="clients-title">{t('title')}</h1>
      <AdminNav />
      <p className="lead">{t('lead')}</p>
      {clients.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">client_id</th>
              <th scope="col">{t('type')}</th>
              <th scope="col">{t('redirectUris')}</th>
              <th scope="col">{t('scopesShort')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <tr key={client.id}>
                <td>
                  <Link href={`/admin/clients/${client.id}`}>{client.name}</Link>
                </td>
                <td>
                  <code>{client.id}</code>
                </td>
                <td>{client.type === 'PUBLIC' ? t('publicShort') : t('confidentialShort')}</td>
                <td className="uri-list">
                  {client.redirectUris.map((uri) => (
                    <span key={uri}>{breakable(uri)}</span>
                  ))}
                </td>
                <td>{client.scopes.join(' ')}</td>
                <td>{client.disabledAt ? t('disabled') : t('active')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="register-title" className="admin-section">
        <h2 id="register-title">{t('registerTitle')}</h2>
        <RegisterClientForm />
      </section>
    </section>
  );
}
