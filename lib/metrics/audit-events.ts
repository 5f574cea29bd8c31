import type { EventType } from '../audit';
import type { SignInMethod } from '../accounts/sign-in';
import { getMetrics } from './registry';

// The auth counters come from the audit log (lib/audit.ts): every sign-in verdict, wrong code,
// reuse detection and revocation is recorded there once, so counting there counts each once.

const SIGN_IN_VERDICTS: Partial<Record<EventType, { method: SignInMethod; result: 'success' | 'failure' }>> = {
  sign_in: { method: 'password', result: 'success' },
  sign_in_failed: { method: 'password', result: 'failure' },
  passkey_sign_in: { method: 'passkey', result: 'success' },
  passkey_failed: { method: 'passkey', result: 'failure' },
  passkey_clone_suspected: { method: 'passkey', result: 'failure' },
  provider_sign_in: { method: 'provider', result: 'success' },
  provider_failed: { method: 'provider', result: 'failure' },
};

// The events that end sessions (lib/accounts/sessions.ts, disable-account.ts, password-change.ts).
const REVOCATIONS = new Set<EventType>([
  'sign_out',
  'session_revoked',
  'sessions_revoked_all',
  'sessions_revoked_by_admin',
  'account_disabled',
  'refresh_reuse_detected',
  'password_changed',
  'password_reset',
]);

/** Counts one recorded audit event in the metrics it belongs to. */
export function countAuditEvent({ type, detail }: { type: EventType; detail?: Record<string, string> }): void {
  const metrics = getMetrics();
  // A passkey refused while signing up or adding it to an account is no sign-in.
  const verdict = detail?.ceremony ? undefined : SIGN_IN_VERDICTS[type];
  if (verdict) metrics.signIns.inc(verdict);
  if (type === 'mfa_failed') metrics.secondFactorFailures.inc();
  if (type === 'refresh_reuse_detected') metrics.reuseDetections.inc();
  if (REVOCATIONS.has(type)) metrics.revocations.inc({ event: type });
}
