import 'server-only';
import { getTranslations } from 'next-intl/server';
import { getDb } from './db';
import { getLogger } from './log';
import { countAuditEvent } from './metrics/audit-events';
import { findPage } from './pagination';
import type { Prisma } from './db/generated/client';
import type { ClientInfo } from './request/client-info';
import { getDeviceWords } from './request/device-words';
import { describeDevice } from './request/user-agent';

// The security log. Events are written in the transaction of the change they record where there
// is one, so a change and its record stand or fall together. `detail` holds small facts (the
// email tried, the session ended), never a password or a token.

/** Events about apps signing in through Latchkey (lib/oauth/): each names its app where the log knows it. */
export const APP_EVENTS = [
  'app_client_created',
  'app_client_updated',
  'app_client_secret_rotated',
  'app_client_disabled',
  'app_client_enabled',
  'app_consent_given',
  'app_consent_revoked',
] as const;

export const EVENT_TYPES = [
  'sign_up',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'session_revoked',
  'sessions_revoked_all',
  'refresh_reuse_detected',
  'password_changed',
  'password_reset_requested',
  'password_reset',
  'email_verified',
  'role_changed',
  'account_disabled',
  'account_enabled',
  'sessions_revoked_by_admin',
  'mfa_enabled',
  'mfa_disabled',
  'mfa_recovery_code_used',
  'mfa_recovery_codes_regenerated',
  'mfa_failed',
  'password_set',
  'passkey_added',
  'passkey_removed',
  'passkey_renamed',
  'passkey_sign_in',
  'passkey_failed',
  'passkey_clone_suspected',
  'provider_sign_in',
  'provider_linked',
  'provider_unlinked',
  'provider_failed',
  ...APP_EVENTS,
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The events of a completed sign-in, whatever the method. */
export const SIGN_IN_EVENTS = ['sign_in', 'passkey_sign_in', 'provider_sign_in'] satisfies EventType[];

export type EventInput = {
  type: EventType;
  userId: string | null;
  client: ClientInfo;
  detail?: Record<string, string>;
};

export async function recordEvent(event: EventInput, tx?: Prisma.TransactionClient): Promise<void> {
  const client = tx ?? (await getDb());
  await client.auditEvent.create({
    data: {
      type: event.type,
      userId: event.userId,
      ip: event.client.ip,
      userAgent: event.client.userAgent,
      ...(event.detail ? { detail: event.detail } : {}),
    },
  });
  // Counted and logged once written (inside a transaction: before it commits; a rollback after this
  // is rare and leaves the count one high). The log names the account by id: the email and the
  // rest of `detail` stay in the audit log, which admins read, not in every log collector.
  countAuditEvent(event);
  getLogger().info({ event: event.type, userId: event.userId }, 'audit event');
}

/** Events newest first, one page at a time (pages count from 1), optionally of one type or user. */
export async function listEvents(filter: { userId?: string; type?: string; email?: string }, page: number) {
  const db = await getDb();
  const where: Prisma.AuditEventWhereInput = {
    ...(filter.userId ? { userId: filter.userId } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.email ? { user: { email: filter.email.trim().toLowerCase() } } : {}),
  };
  const { rows: events, pages } = await findPage(
    page,
    (window) =>
      db.auditEvent.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...window,
        select: { id: true, type: true, ip: true, userAgent: true, createdAt: true, detail: true, user: { select: { id: true, email: true } } },
      }),
    () => db.auditEvent.count({ where }),
  );
  return { events, pages };
}

// Sentences live in messages/*.json ("events"): one per type, and for provider, passkey and app
// events one naming the provider, the passkey or the app where the log knows it.
const WITH_PROVIDER = ['provider_sign_in', 'provider_linked', 'provider_unlinked', 'provider_failed'] as const;
const WITH_PASSKEY = ['passkey_added', 'passkey_removed', 'passkey_renamed', 'passkey_clone_suspected'] as const;
// The name lib/admin/actions.ts gives the command line as the actor.
export const COMMAND_LINE = 'the command line';

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

type Described = { type: string; ip: string | null; userAgent: string | null; detail?: unknown };

/**
 * In the reader's language: "Signed in from Chrome on Linux, 203.0.113.4"; "Role changed to ADMIN
 * by admin@example.com"; "Added a passkey “Passkey on Chrome on Linux” from Chrome on Linux".
 */
export async function describeEvent(event: Described): Promise<string> {
  const [t, words] = await Promise.all([getTranslations('events'), getDeviceWords()]);
  const detail = (event.detail ?? {}) as { by?: string; role?: string; passkey?: string; provider?: string; app?: string };
  const type = event.type;
  let what: string;
  if (detail.provider && isOneOf(WITH_PROVIDER, type)) what = t(`withProvider.${type}`, { provider: detail.provider });
  else if (detail.passkey && isOneOf(WITH_PASSKEY, type)) what = t(`withPasskey.${type}`, { passkey: detail.passkey });
  else if (detail.app && isOneOf(APP_EVENTS, type)) what = t(`withApp.${type}`, { app: detail.app });
  else if (type === 'role_changed' && detail.role && detail.by) what = t('roleChangedTo', { role: detail.role });
  // A type this version does not know (a newer one's, in a shared database) is shown as it is.
  else what = isOneOf(EVENT_TYPES, type) ? t(`types.${type}`) : type;
  if (detail.passkey && !isOneOf(WITH_PASSKEY, type)) what = t('withPasskey.other', { event: what, passkey: detail.passkey });
  // An admin's action happened on the admin's device: name the admin, not the device.
  if (detail.by === COMMAND_LINE) return t('byCommandLine', { event: what });
  if (detail.by) return t('by', { event: what, by: detail.by });
  const where = [event.userAgent ? describeDevice(event.userAgent, words) : null, event.ip].filter(Boolean).join(', ');
  return where ? t('from', { event: what, where }) : what;
}
