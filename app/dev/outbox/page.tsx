import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MailStatusBadge } from '@/components/mail-status';
import { TablePager } from '@/components/table-pager';
import { getConfig } from '@/lib/config';
import { formatTime } from '@/lib/format';
import { listMail } from '@/lib/mail/queue';
import { pageParam } from '@/lib/pagination';

export const metadata: Metadata = { title: 'Dev outbox' };

// Every mail the app queued, newest first, for development and tests: with no SMTP_URL this is
// where mail goes. It shows everyone's links to anyone, so it exists only on a local trial (APP_URL
// on localhost; lib/config.ts) or with DEV_OUTBOX=1.
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ page?: string | string[]; to?: string | string[] }> }) {
  if (!getConfig().devOutbox) notFound();
  const params = await searchParams;
  const page = pageParam(params.page);
  const to = typeof params.to === 'string' ? params.to.trim() : '';
  const { messages, pages } = await listMail(page, { to: to || undefined });
  return (
    <section className="panel" aria-labelledby="outbox-title">
      <h1 id="outbox-title">Dev outbox</h1>
      <p className="lead">
        {getConfig().smtpUrl ? 'Mail is also sent to SMTP_URL; its body is kept here only until then.' : 'No SMTP_URL is set, so mail stays here. Newest first.'}
      </p>
      <form method="get" className="inline-form">
        <label htmlFor="outbox-to">To</label>
        <input id="outbox-to" name="to" type="email" defaultValue={to} />
        <button type="submit">Filter</button>
      </form>
      <TablePager
        columns={['When', 'To', 'Subject', 'Status']}
        rows={messages}
        row={(message) => (
          <tr key={message.id} data-testid="mail">
            <td>{formatTime(message.createdAt)}</td>
            <td>{message.to}</td>
            <td>
              <Link href={`/dev/outbox/${message.id}`}>{message.subject}</Link>
            </td>
            <td>
              <MailStatusBadge message={message} />
            </td>
          </tr>
        )}
        empty={to ? 'No mail to this address.' : 'No mail yet.'}
        page={page}
        pages={pages}
        path="/dev/outbox"
        query={to ? { to } : {}}
        labels={['Newer', 'Older']}
      />
    </section>
  );
}
