import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AdminNav } from '@/components/admin-nav';
import { MailStatusBadge } from '@/components/mail-status';
import { TablePager } from '@/components/table-pager';
import { Time } from '@/components/time';
import { requireAdmin } from '@/lib/accounts/dal';
import { getConfig } from '@/lib/config';
import { pageParam } from '@/lib/pagination';
import { type MailStatus, listMail } from '@/lib/mail/queue';
import { MAX_MAIL_ATTEMPTS } from '@/lib/mail/worker';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.mail'))('title') };
}

// The filter's choices, in the order an admin looks for them; each is named as its badge says it.
const STATUSES: MailStatus[] = ['failed', 'pending', 'sent'];

type Search = { status?: string | string[]; page?: string | string[] };

export default async function AdminMailPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const params = await searchParams;
  const status = STATUSES.find((known) => known === params.status);
  const page = pageParam(params.page);
  const [{ messages, pages }, t, tState] = await Promise.all([listMail(page, { status }), getTranslations('admin.mail'), getTranslations('outbox.state')]);
  const { smtpUrl } = getConfig();
  return (
    <section className="panel" aria-labelledby="mail-title">
      <h1 id="mail-title">{t('title')}</h1>
      <AdminNav />
      <p className="lead">
        {smtpUrl ? t('sentThrough', { host: new URL(smtpUrl).host }) : t('noSmtp')} {t('retries', { attempts: MAX_MAIL_ATTEMPTS })}
      </p>
      <form method="get" className="inline-form">
        <label htmlFor="mail-status">{t('status')}</label>
        <select id="mail-status" name="status" defaultValue={status ?? ''}>
          <option value="">{t('all')}</option>
          {STATUSES.map((known) => (
            <option key={known} value={known}>
              {tState(known)}
            </option>
          ))}
        </select>
        <button type="submit">{t('filter')}</button>
      </form>
      <TablePager
        columns={[t('queued'), t('to'), t('subject'), t('status'), t('lastError')]}
        rows={messages}
        row={(message) => (
          <tr key={message.id} data-testid="mail">
            <td>
              <Time date={message.createdAt} />
            </td>
            <td>{message.to}</td>
            <td lang={message.locale}>{message.subject}</td>
            <td>
              <MailStatusBadge message={message} />
            </td>
            <td>{message.lastError ?? '—'}</td>
          </tr>
        )}
        empty={t('empty')}
        page={page}
        pages={pages}
        path="/admin/mail"
        query={{ status: status ?? '' }}
      />
    </section>
  );
}
