import type { Metadata } from 'next';
import { AdminNav } from '@/components/admin-nav';
import { MailStatusBadge } from '@/components/mail-status';
import { TablePager } from '@/components/table-pager';
import { requireAdmin } from '@/lib/accounts/dal';
import { getConfig } from '@/lib/config';
import { formatTime } from '@/lib/format';
import { pageParam } from '@/lib/pagination';
import { type MailStatus, listMail } from '@/lib/mail/queue';
import { MAX_MAIL_ATTEMPTS } from '@/lib/mail/worker';

export const metadata: Metadata = { title: 'Mail' };

const STATUSES: { value: MailStatus; label: string }[] = [
  { value: 'failed', label: 'Failed' },
  { value: 'pending', label: 'Pending' },
  { value: 'sent', label: 'Delivered' },
];

type Search = { status?: string | string[]; page?: string | string[] };

export default async function AdminMailPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const params = await searchParams;
  const status = STATUSES.find((known) => known.value === params.status)?.value;
  const page = pageParam(params.page);
  const { messages, pages } = await listMail(page, { status });
  const { smtpUrl } = getConfig();
  return (
    <section className="panel" aria-labelledby="mail-title">
      <h1 id="mail-title">Mail</h1>
      <AdminNav />
      <p className="lead">
        {smtpUrl ? `Sent through ${new URL(smtpUrl).host}.` : 'No SMTP_URL is set: mail is kept in the dev outbox and not sent.'} A
        failed send is retried with growing pauses, {MAX_MAIL_ATTEMPTS} times in all, then marked failed.
      </p>
      <form method="get" className="inline-form">
        <label htmlFor="mail-status">Status</label>
        <select id="mail-status" name="status" defaultValue={status ?? ''}>
          <option value="">All</option>
          {STATUSES.map((known) => (
            <option key={known.value} value={known.value}>
              {known.label}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </form>
      <TablePager
        columns={['Queued', 'To', 'Subject', 'Status', 'Last error']}
        rows={messages}
        row={(message) => (
          <tr key={message.id} data-testid="mail">
            <td>{formatTime(message.createdAt)}</td>
            <td>{message.to}</td>
            <td>{message.subject}</td>
            <td>
              <MailStatusBadge message={message} />
            </td>
            <td>{message.lastError ?? '—'}</td>
          </tr>
        )}
        empty="No mail matches."
        page={page}
        pages={pages}
        path="/admin/mail"
        query={{ status: status ?? '' }}
      />
    </section>
  );
}
