import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LinkedText } from '@/components/linked-text';
import { MailStatusBadge } from '@/components/mail-status';
import { getConfig } from '@/lib/config';
import { formatTime } from '@/lib/format';
import { findMail } from '@/lib/mail/queue';

export const metadata: Metadata = { title: 'Mail' };

// The plain-text body is shown here as text, its addresses as links; nothing in it can become
// markup. The HTML body opens on a page of its own, sandboxed by its headers (html/route.ts).

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!getConfig().devOutbox) notFound();
  const message = await findMail((await params).id);
  if (!message) notFound();
  return (
    <article className="panel" aria-labelledby="mail-subject">
      <p>
        <Link href="/dev/outbox">← Outbox</Link>
      </p>
      <h1 id="mail-subject">{message.subject}</h1>
      <dl className="mail-headers">
        <dt>To</dt>
        <dd data-testid="mail-to">{message.to}</dd>
        <dt>From</dt>
        <dd>{getConfig().mailFrom}</dd>
        <dt>Queued</dt>
        <dd>{formatTime(message.createdAt)}</dd>
        <dt>Status</dt>
        <dd>
          <MailStatusBadge message={message} />
          {message.lastError && <span className="meta"> {message.lastError}</span>}
        </dd>
      </dl>
      {message.text ? (
        <>
          <h2>Plain text</h2>
          <pre className="mail-text" data-testid="mail-text">
            <LinkedText text={message.text} />
          </pre>
          <p>
            <a href={`/dev/outbox/${message.id}/html`} target="_blank" rel="noopener">
              Open the HTML version
            </a>{' '}
            <span className="meta">(in a new tab, sandboxed: no scripts)</span>
          </p>
        </>
      ) : (
        <p>The body was erased once the mail left by SMTP: it may hold a live link.</p>
      )}
    </article>
  );
}
