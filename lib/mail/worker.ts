import 'server-only';
import { getDb } from '../db';
import { getLogger } from '../log';
import { getMetrics } from '../metrics/registry';
import { deliverMail, describeSendError } from './transport';

// Delivers queued mail (queue.ts). Each due message is claimed with a conditional update that
// also pushes its next attempt a lease into the future, so several server processes sharing a
// PostgreSQL database never send one message twice at once, and a process that dies mid-send
// leaves the message to be retried when the lease ends. A failed send is retried with exponential
// backoff; after MAX_MAIL_ATTEMPTS the message is marked failed, logged, and listed at /admin/mail.

export const MAX_MAIL_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 30;
const LEASE_SECONDS = 120;
const BATCH_SIZE = 20;
const POLL_INTERVAL_MS = 1000;

/** Seconds to wait after the n-th failed attempt: 30 s, 1 min, 2 min, … (about an hour in all). */
export function retryDelaySeconds(attempts: number): number {
  return FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1);
}

export type DeliveryRun = { sent: number; retrying: number; failed: number };

export async function deliverPendingMail(now = new Date()): Promise<DeliveryRun> {
  const db = await getDb();
  const due = await db.mailMessage.findMany({
    where: { sentAt: null, failedAt: null, nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    take: BATCH_SIZE,
    select: { id: true, attempts: true, nextAttemptAt: true },
  });
  const run: DeliveryRun = { sent: 0, retrying: 0, failed: 0 };
  for (const candidate of due) {
    const attempts = candidate.attempts + 1;
    const { count } = await db.mailMessage.updateMany({
      where: { id: candidate.id, sentAt: null, failedAt: null, nextAttemptAt: candidate.nextAttemptAt },
      data: { attempts, nextAttemptAt: new Date(now.getTime() + LEASE_SECONDS * 1000) },
    });
    if (count !== 1) continue;
    const message = await db.mailMessage.findUniqueOrThrow({ where: { id: candidate.id } });
    try {
      const via = await deliverMail(message);
      // Bodies carry live links; once the mail has left by SMTP there is no reason to keep them.
      const erased = via === 'smtp' ? { text: '', html: '' } : {};
      await db.mailMessage.update({ where: { id: message.id }, data: { sentAt: new Date(), deliveredVia: via, lastError: null, ...erased } });
      getMetrics().mailsSent.inc({ via });
      run.sent++;
    } catch (error) {
      const lastError = describeSendError(error);
      const giveUp = attempts >= MAX_MAIL_ATTEMPTS;
      await db.mailMessage.update({
        where: { id: message.id },
        data: giveUp
          ? { failedAt: new Date(), lastError, text: '', html: '' }
          : { lastError, nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000) },
      });
      // The id and kind identify the mail; the recipient and body stay out of the log.
      getMetrics().mailsFailed.inc({ outcome: giveUp ? 'given_up' : 'retrying' });
      getLogger().error(
        { mailId: message.id, kind: message.kind, attempt: attempts, maxAttempts: MAX_MAIL_ATTEMPTS, givingUp: giveUp, error: lastError },
        'mail delivery failed',
      );
      run[giveUp ? 'failed' : 'retrying']++;
    }
  }
  return run;
}

/**
 * Polls the queue every second for the life of the server (lib/startup.ts). A failing run (the
 * database is down) is logged once, and again when delivery resumes, not every second. Returns a
 * function that stops polling and resolves when the batch being delivered is done (lib/shutdown.ts).
 */
export function startMailWorker(): () => Promise<void> {
  let running: Promise<void> | null = null;
  let failing = false;
  const tick = () => {
    if (running) return;
    running = deliverPendingMail()
      .then(() => {
        if (failing) getLogger().info('mail delivery resumed');
        failing = false;
      })
      .catch((error: unknown) => {
        if (!failing) getLogger().error({ error: describeSendError(error) }, 'mail delivery run failed, retrying every second');
        failing = true;
      })
      .finally(() => {
        running = null;
      });
  };
  const interval = setInterval(tick, POLL_INTERVAL_MS);
  interval.unref();
  return async () => {
    clearInterval(interval);
    await running;
  };
}
