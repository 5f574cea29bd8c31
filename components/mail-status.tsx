import { type MailStatus, mailStatus } from '@/lib/mail/queue';

const LABELS: Record<MailStatus, string> = { pending: 'Pending', sent: 'Delivered', failed: 'Failed' };

type Message = { sentAt: Date | null; failedAt: Date | null; deliveredVia: string | null; attempts: number };

/** "Delivered (outbox)", "Pending, 2 attempts", "Failed": a queued mail's state as a badge. */
export function MailStatusBadge({ message }: { message: Message }) {
  const status = mailStatus(message);
  const note = status === 'sent' ? (message.deliveredVia ? ` (${message.deliveredVia})` : '') : message.attempts > 0 ? `, ${message.attempts} ${message.attempts === 1 ? 'attempt' : 'attempts'}` : '';
  return <span className={`badge badge-${status}`}>{`${LABELS[status]}${note}`}</span>;
}
