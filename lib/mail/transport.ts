import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig } from '../config';

// Hands one mail to the SMTP server at SMTP_URL (smtp:// with STARTTLS when offered, or smtps://).
// With no SMTP_URL there is nowhere to send it: the mail stays in the queue table, which is the
// dev outbox (/dev/outbox), and counts as delivered there.

export type Delivery = 'smtp' | 'outbox';
export type OutgoingMail = { to: string; subject: string; text: string; html: string };

const transporters = new Map<string, Transporter>();

function transporterFor(smtpUrl: string): Transporter {
  let transporter = transporters.get(smtpUrl);
  if (!transporter) {
    // Short timeouts: a hung server delays the queue, and the mail is retried anyway.
    transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    transporters.set(smtpUrl, transporter);
  }
  return transporter;
}

export async function deliverMail(mail: OutgoingMail): Promise<Delivery> {
  const { smtpUrl, mailFrom } = getConfig();
  if (!smtpUrl) return 'outbox';
  await transporterFor(smtpUrl).sendMail({ from: mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  return 'smtp';
}

/** An SMTP error as one line for the log and the admin page, without the SMTP_URL's password. */
export function describeSendError(error: unknown): string {
  const { smtpUrl } = getConfig();
  const password = smtpUrl ? decodeURIComponent(new URL(smtpUrl).password) : '';
  let line = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  if (password) line = line.split(password).join('***');
  return line.slice(0, 300) || 'unknown error';
}
