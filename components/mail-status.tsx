import { getTranslations } from 'next-intl/server';
import { mailStatus } from '@/lib/mail/queue';

type Message = { sentAt: Date | null; failedAt: Date | null; deliveredVia: string | null; attempts: number };

/** "Delivered (outbox)", "Pending, 2 attempts", "Failed": a queued mail's state as a badge. */
export async function MailStatusBadge({ message }: { message: Message }) {
  const t = await getTranslations('outbox.state');
  const status = mailStatus(message);
  const { deliveredVia: via, attempts: count } = message;
  let label: string;
  if (status === 'sent') label = via ? t('sentVia', { via }) : t('sent');
  else if (count === 0) label = t(status);
  else label = status === 'pending' ? t('pendingAttempts', { count }) : t('failedAttempts', { count });
  return <span className={`badge badge-${status}`}>{label}</span>;
}
