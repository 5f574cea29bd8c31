import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SignInMethod } from '../accounts/sign-in';

// The server's Prometheus metrics (docs/observability.md lists them with their meanings). Each is
// counted where its event happens: the audit log for the auth events (audit-events.ts), the mail
// worker, the password pool, the request hook (lib/request/request-log.ts). The gauges that need
// the database are read at scrape time (scrape.ts). Names follow Prometheus's conventions:
// latchkey_ prefix, base units (seconds), _total for counters.

const ROUTE_KINDS = ['page', 'action', 'api', 'static'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

// Type-checked against SIGN_IN_METHODS (lib/accounts/sign-in.ts), which is not imported: it would
// bring the database into every bundle that counts a request.
const SIGN_IN_METHODS = Object.keys({ password: 0, passkey: 0, provider: 0 } satisfies Record<SignInMethod, 0>);

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics = {
    registry,
    signIns: new Counter<'method' | 'result'>({
      name: 'latchkey_sign_ins_total',
      help: 'Sign-in attempts that reached a verdict, by method (password, passkey, provider) and result (success: a session was created; failure: refused)',
      labelNames: ['method', 'result'],
      registers,
    }),
    secondFactorFailures: new Counter({
      name: 'latchkey_second_factor_failures_total',
      help: 'Wrong two-factor codes (TOTP or recovery code) entered at sign-in or step-up',
      registers,
    }),
    throttledAttempts: new Counter<'limit'>({
      name: 'latchkey_throttled_attempts_total',
      help: 'Attempts refused by a rate limit before being checked, by limit (sign_in, second_factor, sign_up, forgot_password, resend_verification)',
      labelNames: ['limit'],
      registers,
    }),
    refreshes: new Counter<'result'>({
      name: 'latchkey_refreshes_total',
      help: 'Refresh-token rotations, by result (success, refused)',
      labelNames: ['result'],
      registers,
    }),
    reuseDetections: new Counter({
      name: 'latchkey_refresh_reuse_detections_total',
      help: 'Refresh tokens presented again after their grace period: the session was ended as possibly stolen',
      registers,
    }),
    revocations: new Counter<'event'>({
      name: 'latchkey_revocations_total',
      help: 'Audited events that ended sessions, by audit event type (one per event, however many sessions it ended)',
      labelNames: ['event'],
      registers,
    }),
    mailsSent: new Counter<'via'>({
      name: 'latchkey_mails_sent_total',
      help: 'Mails delivered, by way (smtp, outbox)',
      labelNames: ['via'],
      registers,
    }),
    mailsFailed: new Counter<'outcome'>({
      name: 'latchkey_mails_failed_total',
      help: 'Failed mail delivery attempts, by outcome (retrying, given_up)',
      labelNames: ['outcome'],
      registers,
    }),
    activeSessions: new Gauge({
      name: 'latchkey_active_sessions',
      help: 'Live sessions in the database (not revoked, not past their end, active within SESSION_IDLE_TTL), counted at scrape time',
      registers,
    }),
    mailQueue: new Gauge({
      name: 'latchkey_mail_queue_messages',
      help: 'Mails waiting to be delivered (neither sent nor given up), counted at scrape time',
      registers,
    }),
    embeddedDatabaseMemory: new Gauge({
      name: 'latchkey_embedded_database_memory_bytes',
      help: 'WebAssembly memory of the embedded database (PGlite) in this process: it grows as PostgreSQL needs and never shrinks; 0 with PostgreSQL',
      registers,
    }),
    passwordQueue: new Gauge({
      name: 'latchkey_password_queue_tasks',
      help: 'Password hashes and checks waiting for a worker thread (PASSWORD_QUEUE_LIMIT bounds it)',
      registers,
    }),
    passwordWorkers: new Gauge({
      name: 'latchkey_password_workers',
      help: 'Worker threads running bcrypt now: they start as sign-ins need them, up to PASSWORD_WORKERS, and all but one stop after 30 s idle',
      registers,
    }),
    passwordHashDuration: new Histogram<'op'>({
      name: 'latchkey_password_hash_duration_seconds',
      help: 'Time a worker thread spent on one bcrypt task, by operation (hash, compare), queueing excluded',
      labelNames: ['op'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    requestDuration: new Histogram<'kind'>({
      name: 'latchkey_http_request_duration_seconds',
      help: 'HTTP requests from their start to the end of the response, by route kind (page, action, api, static)',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
  // The series of known labels exist from the start at 0, so a first failure is an increase to alert on.
  for (const method of SIGN_IN_METHODS) for (const result of ['success', 'failure']) metrics.signIns.inc({ method, result }, 0);
  for (const result of ['success', 'refused']) metrics.refreshes.inc({ result }, 0);
  for (const op of ['hash', 'compare']) metrics.passwordHashDuration.zero({ op });
  for (const kind of ROUTE_KINDS) metrics.requestDuration.zero({ kind });
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

// One registry per process. Next.js bundles instrumentation, middleware and route handlers
// separately, so it lives on globalThis rather than in a module variable.
const globalMetrics = globalThis as typeof globalThis & { __latchkeyMetrics?: Metrics };

export function getMetrics(): Metrics {
  globalMetrics.__latchkeyMetrics ??= createMetrics();
  return globalMetrics.__latchkeyMetrics;
}
