import 'server-only';
import { getConfig } from '../config';
import type { Locale } from '../i18n/locales';
import { MOMENT } from '../i18n/moment';
import { mailFormatter, translator } from '../i18n/translator';

// Every mail Latchkey sends, in one place. A template is a subject and a list of blocks
// (paragraphs and one call to action); renderMail turns the blocks into the plain-text body and a
// simple HTML body, escaping every value, so the two always say the same thing. The words are the
// "mail" messages in the recipient's language; times are in UTC, named, since a mail has no
// browser to ask for its zone.

/** Where and when something happened, for security notices. */
export type NoticeContext = { device: string; ip: string | null; at: Date };

export type MailTemplate =
  | { kind: 'verify_email'; link: string }
  | { kind: 'reset_password'; link: string }
  | ({ kind: 'password_changed' | 'password_set' | 'new_sign_in' | 'refresh_reuse_detected' | 'mfa_enabled' | 'mfa_disabled' } & NoticeContext)
  | ({ kind: 'passkey_added' | 'passkey_removed' | 'passkey_removed_by_admin' | 'passkey_clone_suspected'; passkeyName: string } & NoticeContext)
  | ({ kind: 'provider_linked' | 'provider_unlinked'; providerName: string } & NoticeContext);

export type MailContent = { subject: string; text: string; html: string };

type Block = string | { action: string; url: string };
type Translate = ReturnType<typeof translator>;

const url = (path: string) => `${getConfig().appUrl}${path}`;

function compose(template: MailTemplate, t: Translate, moment: (date: Date) => string): { subject: string; blocks: Block[] } {
  const where = ({ device, ip, at }: NoticeContext) => (ip ? t('mail.whereWithIp', { at: moment(at), device, ip }) : t('mail.where', { at: moment(at), device }));
  // What the owner should do when a notice is about something they did not do.
  const ifNotYou: Block[] = [
    t('mail.ifNotYou.intro'),
    { action: t('mail.ifNotYou.action'), url: url('/forgot-password') },
    t('mail.ifNotYou.sessions', { url: url('/settings/sessions') }),
  ];
  switch (template.kind) {
    case 'verify_email':
      return {
        subject: t('mail.verifyEmail.subject'),
        blocks: [t('mail.verifyEmail.intro'), { action: t('mail.verifyEmail.action'), url: template.link }, t('mail.verifyEmail.outro')],
      };
    case 'reset_password':
      return {
        subject: t('mail.resetPassword.subject'),
        blocks: [t('mail.resetPassword.intro'), { action: t('mail.resetPassword.action'), url: template.link }, t('mail.resetPassword.outro')],
      };
    case 'password_changed':
      return { subject: t('mail.passwordChanged.subject'), blocks: [t('mail.passwordChanged.body'), where(template), ...ifNotYou] };
    case 'password_set':
      return { subject: t('mail.passwordSet.subject'), blocks: [t('mail.passwordSet.body'), where(template), ...ifNotYou] };
    case 'new_sign_in':
      return { subject: t('mail.newSignIn.subject'), blocks: [t('mail.newSignIn.body', { device: template.device }), where(template), ...ifNotYou] };
    case 'refresh_reuse_detected':
      return { subject: t('mail.refreshReuseDetected.subject'), blocks: [t('mail.refreshReuseDetected.body'), where(template), ...ifNotYou] };
    case 'mfa_enabled':
      return { subject: t('mail.mfaEnabled.subject'), blocks: [t('mail.mfaEnabled.body'), where(template), ...ifNotYou] };
    case 'mfa_disabled':
      return { subject: t('mail.mfaDisabled.subject'), blocks: [t('mail.mfaDisabled.body'), where(template), ...ifNotYou] };
    case 'passkey_added':
      return { subject: t('mail.passkeyAdded.subject'), blocks: [t('mail.passkeyAdded.body', { passkeyName: template.passkeyName }), where(template), ...ifNotYou] };
    case 'passkey_removed':
      return { subject: t('mail.passkeyRemoved.subject'), blocks: [t('mail.passkeyRemoved.body', { passkeyName: template.passkeyName }), where(template), ...ifNotYou] };
    case 'passkey_removed_by_admin':
      // The device and address are the admin's: not the owner's to recognise.
      return {
        subject: t('mail.passkeyRemovedByAdmin.subject'),
        blocks: [t('mail.passkeyRemovedByAdmin.body', { passkeyName: template.passkeyName }), t('mail.passkeyRemovedByAdmin.when', { at: moment(template.at) })],
      };
    case 'provider_linked':
      return {
        subject: t('mail.providerLinked.subject', { providerName: template.providerName }),
        blocks: [t('mail.providerLinked.body', { providerName: template.providerName }), where(template), ...ifNotYou],
      };
    case 'provider_unlinked':
      return {
        subject: t('mail.providerUnlinked.subject', { providerName: template.providerName }),
        blocks: [t('mail.providerUnlinked.body', { providerName: template.providerName }), where(template), ...ifNotYou],
      };
    case 'passkey_clone_suspected':
      return {
        subject: t('mail.passkeyCloneSuspected.subject'),
        blocks: [
          t('mail.passkeyCloneSuspected.body', { passkeyName: template.passkeyName }),
          where(template),
          t('mail.passkeyCloneSuspected.advice', { securityUrl: url('/settings/security'), sessionsUrl: url('/settings/sessions') }),
        ],
      };
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The mail in the recipient's language: subject, plain-text body and HTML body. */
export function renderMail(template: MailTemplate, locale: Locale): MailContent {
  const format = mailFormatter(locale);
  const t = translator(locale);
  const { subject, blocks } = compose(template, t, (date) => format.dateTime(date, MOMENT));
  const text = [...blocks.map((block) => (typeof block === 'string' ? block : `${block.action}: ${block.url}`)), '-- Latchkey'].join('\n\n');
  const body = blocks
    .map((block) =>
      typeof block === 'string'
        ? `<p>${escapeHtml(block)}</p>`
        : `<p><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:10px 16px;background:#1f5fd6;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(block.action)}</a></p>` +
          `<p style="color:#57606a;font-size:13px">${escapeHtml(t('mail.pasteLink', { url: block.url }))}</p>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:560px;margin:0 auto;padding:24px">
${body}
<p style="color:#57606a">&mdash; Latchkey</p>
</body></html>`;
  return { subject, text, html };
}
