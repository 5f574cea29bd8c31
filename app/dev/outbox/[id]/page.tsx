import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LinkedText } from '@/components/linked-text';
import { MailStatusBadge } from '@/components/mail-status';
import { getConfig } from '@/lib/config';
import { formatTime } from '@/lib/format';
import { findMail } from '@/lib/mail/queue';

export const metadata: Metadata = { title: 'Mail' };

// The HTML body is shown in a sandboxed frame: no scripts, no forms, no access to this page.
// Its links open in a new tab (the <base> below; allow-popups lets them).
const FRAME_BASE = '<base target="_blank">';

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
          <h2>HTML</h2>
          <iframe className="mail-html" title="HTML version of the mail" sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc={FRAME_BASE + message.html} />
        </>
      ) : (
        <p>The body was erased once the mail left by SMTP: it may hold a live link.</p>
      )}
    </article>
  );
}
