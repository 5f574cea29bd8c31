import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin-nav';
import { getAdminOverview } from '@/lib/admin/overview';
import { requireAdmin } from '@/lib/accounts/dal';
import { countFailedMail } from '@/lib/mail/queue';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('title') };
}

export default async function AdminPage() {
  await requireAdmin();
  const [overview, failedMail, t] = await Promise.all([getAdminOverview(), countFailedMail(), getTranslations('admin')]);
  const facts = [
    [t('overview.users'), overview.users],
    [t('overview.passkeyAccounts'), overview.passkeyAccounts],
    [t('overview.activeSessions'), overview.activeSessions],
    [t('overview.signIns'), overview.signIns],
    [t('overview.failedSignIns'), overview.failedSignIns],
    [t('overview.failedMail'), failedMail],
  ] as const;
  return (
    <section className="panel" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('title')}</h1>
      <AdminNav />
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
