import 'server-only';
import { getConfig } from '../config';
import { formatTime } from '../format';

// Every mail Latchkey sends, in one place. A template is a subject and a list of blocks
// (paragraphs and one call to action); renderMail turns the blocks into the plain-text body and a
// simple HTML body, escaping every value, so the two always say the same thing.

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

const url = (path: string) => `${getConfig().appUrl}${path}`;

function where({ device, ip, at }: NoticeContext): string {
  return `When: ${formatTime(at)}. Device: ${device}${ip ? `, IP address ${ip}` : ''}.`;
}

/** What the owner should do when a notice is about something they did not do. */
function ifNotYou(): Block[] {
  return [
    "If this wasn't you, reset your password now and review where you are signed in:",
    { action: 'Reset your password', url: url('/forgot-password') },
    `Signed-in devices: ${url('/settings/sessions')}`,
  ];
}

function compose(template: MailTemplate): { subject: string; blocks: Block[] } {
  switch (template.kind) {
    case 'verify_email':
      return {
        subject: 'Verify your email address',
        blocks: [
          'Welcome to Latchkey. Confirm that this is your email address by opening this link:',
          { action: 'Verify email address', url: template.link },
          'The link works once and expires in 24 hours. If you did not create an account, ignore this mail.',
        ],
      };
    case 'reset_password':
      return {
        subject: 'Reset your password',
        blocks: [
          'Someone (hopefully you) asked to reset the password of your Latchkey account. Choose a new password here:',
          { action: 'Reset password', url: template.link },
          'The link works once and expires in 30 minutes. Asking again replaces it. If you did not ask, ignore this mail: your password stays as it is.',
        ],
      };
    case 'password_changed':
      return {
        subject: 'Your password was changed',
        blocks: ['The password of your Latchkey account was changed, and your other sessions were signed out.', where(template), ...ifNotYou()],
      };
    case 'password_set':
      return {
        subject: 'A password was set',
        blocks: ['A password was set for your Latchkey account: it can now be signed in to with its password as well as its passkeys.', where(template), ...ifNotYou()],
      };
    case 'new_sign_in':
      return {
        subject: 'New sign-in from an unrecognised device',
        blocks: [`Your Latchkey account was signed in to from ${template.device}, a browser it has not been used from before.`, where(template), ...ifNotYou()],
      };
    case 'refresh_reuse_detected':
      return {
        subject: 'A session was ended: possible token theft',
        blocks: [
          'An old sign-in token of your Latchkey account was presented again. That happens when a token has been copied, so the session it belonged to was ended.',
          where(template),
          ...ifNotYou(),
        ],
      };
    case 'mfa_enabled':
      return {
        subject: 'Two-factor authentication turned on',
        blocks: ['Two-factor authentication was turned on for your Latchkey account.', where(template), ...ifNotYou()],
      };
    case 'mfa_disabled':
      return {
        subject: 'Two-factor authentication turned off',
        blocks: ['Two-factor authentication was turned off for your Latchkey account.', where(template), ...ifNotYou()],
      };
    case 'passkey_added':
      return {
        subject: 'A passkey was added',
        blocks: [`A passkey, “${template.passkeyName}”, was added to your Latchkey account. It can sign in without a password.`, where(template), ...ifNotYou()],
      };
    case 'passkey_removed':
      return {
        subject: 'A passkey was removed',
        blocks: [`The passkey “${template.passkeyName}” was removed from your Latchkey account and can no longer sign in.`, where(template), ...ifNotYou()],
      };
    case 'passkey_removed_by_admin':
      // The device and address are the admin's: not the owner's to recognise.
      return {
        subject: 'A passkey was removed',
        blocks: [
          `An administrator removed the passkey “${template.passkeyName}” from your Latchkey account; it can no longer sign in.`,
          `When: ${formatTime(template.at)}. If you did not expect this, contact your administrator.`,
        ],
      };
    case 'provider_linked':
      return {
        subject: `${template.providerName} was connected`,
        blocks: [`Your ${template.providerName} account was connected to your Latchkey account: it can now sign in to it.`, where(template), ...ifNotYou()],
      };
    case 'provider_unlinked':
      return {
        subject: `${template.providerName} was disconnected`,
        blocks: [`Your ${template.providerName} account was disconnected from your Latchkey account and can no longer sign in to it.`, where(template), ...ifNotYou()],
      };
    case 'passkey_clone_suspected':
      return {
        subject: 'A sign-in with your passkey was refused: it may have been copied',
        blocks: [
          `A sign-in with your passkey “${template.passkeyName}” was refused because its authenticator's signature counter went backwards. That happens when a passkey has been copied to another device.`,
          where(template),
          `If you did not try to sign in just now, remove this passkey in Settings → Security (${url('/settings/security')}) and add it again, and review where you are signed in: ${url('/settings/sessions')}`,
        ],
      };
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function renderMail(template: MailTemplate): MailContent {
  const { subject, blocks } = compose(template);
  const text = [...blocks.map((block) => (typeof block === 'string' ? block : `${block.action}: ${block.url}`)), '-- Latchkey'].join('\n\n');
  const body = blocks
    .map((block) =>
      typeof block === 'string'
        ? `<p>${escapeHtml(block)}</p>`
        : `<p><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:10px 16px;background:#1f5fd6;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(block.action)}</a></p>` +
          `<p style="color:#57606a;font-size:13px">Or paste this address into your browser: ${escapeHtml(block.url)}</p>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:560px;margin:0 auto;padding:24px">
${body}
<p style="color:#57606a">&mdash; Latchkey</p>
</body></html>`;
  return { subject, text, html };
}
