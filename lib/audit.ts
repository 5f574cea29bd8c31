import 'server-only';
import { getDb } from './db';
import { getLogger } from './log';
import { countAuditEvent } from './metrics/audit-events';
import { findPage } from './pagination';
import type { Prisma } from './db/generated/client';
import type { ClientInfo } from './request/client-info';
import { describeDevice } from './request/user-agent';

// The security log. Events are written in the transaction of the change they record where there
// is one, so a change and its record stand or fall together. `detail` holds small facts (the
// email tried, the session ended), never a password or a token.

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

const SENTENCES: Record<EventType, string> = {
  sign_up: 'Created the account',
  sign_in: 'Signed in',
  sign_in_failed: 'Failed sign-in attempt',
  sign_out: 'Signed out',
  session_revoked: 'Signed out another device',
  sessions_revoked_all: 'Signed out everywhere',
  refresh_reuse_detected: 'Possible token theft: a session was ended',
  password_changed: 'Changed the password',
  password_reset_requested: 'Asked for a password reset link',
  password_reset: 'Reset the password with a link sent by mail',
  email_verified: 'Verified the email address',
  role_changed: 'Role changed',
  account_disabled: 'Account disabled',
  account_enabled: 'Account enabled',
  sessions_revoked_by_admin: 'Signed out everywhere',
  mfa_enabled: 'Turned on two-factor authentication',
  mfa_disabled: 'Turned off two-factor authentication',
  mfa_recovery_code_used: 'Used a recovery code',
  mfa_recovery_codes_regenerated: 'Created new recovery codes',
  mfa_failed: 'Wrong two-factor code entered',
  password_set: 'Set a password',
  passkey_added: 'Added a passkey',
  passkey_removed: 'Removed a passkey',
  passkey_renamed: 'Renamed a passkey',
  passkey_sign_in: 'Signed in with a passkey',
  passkey_failed: 'Failed passkey sign-in attempt',
  passkey_clone_suspected: 'Passkey refused: it may have been copied',
  provider_sign_in: 'Signed in with another provider',
  provider_linked: 'Connected another provider',
  provider_unlinked: 'Disconnected another provider',
  provider_failed: 'Failed sign-in through another provider',
};

// Provider events name the provider where the log knows it.
const PROVIDER_SENTENCES: Partial<Record<EventType, (provider: string) => string>> = {
  provider_sign_in: (provider) => `Signed in with ${provider}`,
  provider_linked: (provider) => `Connected ${provider}`,
  provider_unlinked: (provider) => `Disconnected ${provider}`,
  provider_failed: (provider) => `Failed sign-in with ${provider}`,
};

type Described = { type: string; ip: string | null; userAgent: string | null; detail?: unknown };

/**
 * "Signed in from Chrome on Linux, 203.0.113.4"; "Role changed to ADMIN by admin@example.com";
 * "Added a passkey “Passkey on Chrome on Linux” from Chrome on Linux".
 */
export function describeEvent(event: Described): string {
  const detail = (event.detail ?? {}) as { by?: string; role?: string; passkey?: string; provider?: string };
  const named = detail.provider ? PROVIDER_SENTENCES[event.type as EventType]?.(detail.provider) : undefined;
  const sentence = named ?? SENTENCES[event.type as EventType] ?? event.type;
  const what = detail.passkey ? `${sentence} “${detail.passkey}”` : sentence;
  // An admin's action happened on the admin's device: name the admin, not the device.
  if (detail.by) return `${what}${detail.role ? ` to ${detail.role}` : ''} by ${detail.by}`;
  const where = [event.userAgent ? describeDevice(event.userAgent) : null, event.ip].filter(Boolean).join(', ');
  return where ? `${what} from ${where}` : what;
}
