import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LinkedText } from '@/components/linked-text';
import { MailStatusBadge } from '@/components/mail-status';
import { Time } from '@/components/time';
import { getConfig } from '@/lib/config';
import { findMail } from '@/lib/mail/queue';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('outbox'))('mailTitle') };
}

// The plain-text body is shown here as text, its addresses as links; nothing in it can become
// markup. The HTML body opens on a page of its own, sandboxed by its headers (html/route.ts).

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!getConfig().devOutbox) notFound();
  const message = await findMail((await params).id);
  if (!message) notFound();
  const t = await getTranslations('outbox');
  return (
    <article className="panel" aria-labelledby="mail-subject">
      <p>
        <Link href="/dev/outbox">{t('back')}</Link>
      </p>
      <h1 id="mail-subject" lang={message.locale}>
        {message.subject}
      </h1>
      <dl className="mail-headers">
        <dt>{t('to')}</dt>
        <dd data-testid="mail-to">{message.to}</dd>
        <dt>{t('from')}</dt>
        <dd>{getConfig().mailFrom}</dd>
        <dt>{t('queued')}</dt>
        <dd>
          <Time date={message.createdAt} />
        </dd>
        <dt>{t('status')}</dt>
        <dd>
          <MailStatusBadge message={message} />
          {message.lastError && <span className="meta"> {message.lastError}</span>}
        </dd>
      </dl>
      {message.text ? (
        <>
          <h2>{t('plainText')}</h2>
          <pre className="mail-text" data-testid="mail-text" lang={message.locale}>
            <LinkedText text={message.text} />
          </pre>
          <p>
            <a href={`/dev/outbox/${message.id}/html`} target="_blank" rel="noopener">
              {t('openHtml')}
            </a>{' '}
            <span className="meta">{t('htmlNote')}</span>
          </p>
        </>
      ) : (
        <p>{t('erased')}</p>
      )}
    </article>
  );
}
