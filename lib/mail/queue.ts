import 'server-only';
import { getConfig } from '../config';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { findPage } from '../pagination';
import { type MailTemplate, renderMail } from './templates';
import { isUuid } from '../db/uuid';
import { type Locale, isLocale } from '../i18n/locales';

// The outgoing mail queue is a table. A request only adds a row, inside the transaction of the
// change the mail is about where there is one, so a mail is queued exactly when its change commits
// and sending can never slow down or fail the user's action. The worker (worker.ts) delivers it.
// With no SMTP_URL the same table is the dev outbox. A mail is rendered, in its recipient's
// language, when it is queued: a row keeps its words whatever the recipient chooses later.

export async function enqueueMail(tx: Prisma.TransactionClient, to: string, template: MailTemplate, locale: Locale): Promise<void> {
  await tx.mailMessage.create({ data: { kind: template.kind, to, locale, ...renderMail(template, locale) } });
}

/**
 * The language of a mail to a user: their saved choice (User.locale); else `unsaved`, the language
 * of the page the request came from where there is one (a sign-up, a reset asked for before
 * signing in); else DEFAULT_LOCALE.
 */
export function mailLocale(saved: string | null, unsaved?: Locale): Locale {
  return isLocale(saved) ? saved : (unsaved ?? getConfig().defaultLocale);
}

export type MailStatus = 'pending' | 'sent' | 'failed';

export function mailStatus(message: { sentAt: Date | null; failedAt: Date | null }): MailStatus {
  if (message.sentAt) return 'sent';
  return message.failedAt ? 'failed' : 'pending';
}

const STATUS_WHERE: Record<MailStatus, Prisma.MailMessageWhereInput> = {
  sent: { sentAt: { not: null } },
  failed: { failedAt: { not: null } },
  pending: { sentAt: null, failedAt: null },
};

/** Mail newest first, one page at a time (pages count from 1), of one status and to one address when asked. */
export async function listMail(page: number, filter: { status?: MailStatus; to?: string } = {}) {
  const db = await getDb();
  const where: Prisma.MailMessageWhereInput = { ...(filter.status ? STATUS_WHERE[filter.status] : {}), ...(filter.to ? { to: filter.to } : {}) };
  const { rows: messages, pages } = await findPage(
    page,
    (window) =>
      db.mailMessage.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...window,
        select: { id: true, kind: true, to: true, subject: true, locale: true, createdAt: true, attempts: true, sentAt: true, failedAt: true, lastError: true, deliveredVia: true },
      }),
    () => db.mailMessage.count({ where }),
  );
  return { messages, pages };
}

export async function findMail(id: string) {
  if (!isUuid(id)) return null;
  const db = await getDb();
  return db.mailMessage.findUnique({ where: { id } });
}

/** How many mails the worker has given up on: shown to admins. */
export async function countFailedMail(): Promise<number> {
  const db = await getDb();
  return db.mailMessage.count({ where: STATUS_WHERE.failed });
}
