import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { MailStatusBadge } from '@/components/mail-status';
import { TablePager } from '@/components/table-pager';
import { Time } from '@/components/time';
import { getConfig } from '@/lib/config';
import { listMail } from '@/lib/mail/queue';
import { pageParam } from '@/lib/pagination';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('outbox'))('title') };
}

// Every mail the app queued, newest first, for development and tests: with no SMTP_URL this is
// where mail goes. It shows everyone's links to anyone, so it exists only on a local trial (APP_URL
// on localhost; lib/config.ts) or with DEV_OUTBOX=1.
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ page?: string | string[]; to?: string | string[] }> }) {
  if (!getConfig().devOutbox) notFound();
  const params = await searchParams;
  const page = pageParam(params.page);
  const to = typeof params.to === 'string' ? params.to.trim() : '';
  const [{ messages, pages }, t, tPager] = await Promise.all([listMail(page, { to: to || undefined }), getTranslations('outbox'), getTranslations('pager')]);
  return (
    <section className="panel" aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t('title')}</h1>
      <p className="lead">{getConfig().smtpUrl ? t('leadSmtp') : t('leadNoSmtp')}</p>
      <form method="get" className="inline-form">
        <label htmlFor="outbox-to">{t('to')}</label>
        <input id="outbox-to" name="to" type="email" defaultValue={to} />
        <button type="submit">{t('filter')}</button>
      </form>
      <TablePager
        columns={[t('when'), t('to'), t('subject'), t('status')]}
        rows={messages}
        row={(message) => (
          <tr key={message.id} data-testid="mail">
            <td>
              <Time date={message.createdAt} />
            </td>
            <td>{message.to}</td>
            <td>
              <Link href={`/dev/outbox/${message.id}`} lang={message.locale}>
                {message.subject}
              </Link>
            </td>
            <td>
              <MailStatusBadge message={message} />
            </td>
          </tr>
        )}
        empty={to ? t('emptyTo') : t('empty')}
        page={page}
        pages={pages}
        path="/dev/outbox"
        query={to ? { to } : {}}
        labels={[tPager('newer'), tPager('older')]}
      />
    </section>
  );
}
