import type { Metadata } from 'next';
import { AdminNav } from '@/components/admin-nav';
import { getAdminOverview } from '@/lib/admin/overview';
import { requireAdmin } from '@/lib/accounts/dal';
import { countFailedMail } from '@/lib/mail/queue';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  await requireAdmin();
  const [overview, failedMail] = await Promise.all([getAdminOverview(), countFailedMail()]);
  const facts = [
    ['Users', overview.users],
    ['Accounts with passkeys', overview.passkeyAccounts],
    ['Active sessions', overview.activeSessions],
    ['Sign-ins (24 h)', overview.signIns],
    ['Failed sign-ins (24 h)', overview.failedSignIns],
    ['Undeliverable mail', failedMail],
  ] as const;
  return (
    <section className="panel" aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
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
