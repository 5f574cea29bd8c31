import 'server-only';
import { stopSessionChangeListener } from './accounts/session-changes';
import { closeDatabase } from './db';
import { getLogger } from './log';
import { closeConnections, requestsDrained, requestsInFlight, stopAccepting } from './request/in-flight';

// A graceful shutdown on SIGTERM (an orchestrator, `docker stop`) or SIGINT (Ctrl+C): readiness
// turns 503 so a load balancer stops sending, new connections are refused, the requests in
// flight and the mail batch being delivered get up to SHUTDOWN_GRACE_MS to finish, then the
// database closes (which releases the embedded database's lock) and the process exits 0.
//
// Next.js has a shutdown of its own (it closes its server and exits 143 once the last connection
// has gone) that would exit while the database is still closing. NEXT_MANUAL_SIG_HANDLE=true, set
// by `npm start`, `npm run serve` and the Docker image, leaves the signals to this module.

export const SHUTDOWN_GRACE_MS = 10_000;
const DATABASE_CLOSE_MS = 5_000;

// Read by the readiness route, which Next.js bundles apart from instrumentation.
const state = ((process as unknown as Record<symbol, { since: number | null }>)[Symbol.for('latchkey.shutdown')] ??= { since: null });

export function isShuttingDown(): boolean {
  return state.since !== null;
}

/**
 * Shuts down gracefully at the first SIGTERM or SIGINT. Later ones are ignored: Ctrl+C under npm
 * delivers SIGINT twice (to the process, and forwarded by npm), and the shutdown is bounded anyway.
 */
export function shutDownOnSignals(stopWorkers: () => Promise<void>, log: (line: string) => void): void {
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    log('NEXT_MANUAL_SIG_HANDLE is not set: at shutdown Next.js may exit before the database has closed (npm start sets it)');
  }
  const onSignal = (signal: NodeJS.Signals) => {
    if (isShuttingDown()) return;
    shutDown(signal, stopWorkers, log).then(
      () => process.exit(0),
      (error: unknown) => {
        getLogger().error({ error: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function shutDown(signal: NodeJS.Signals, stopWorkers: () => Promise<void>, log: (line: string) => void): Promise<void> {
  state.since = Date.now();
  stopAccepting();
  log(`${signal}: shutting down, ${requestsInFlight()} request(s) in flight`);
  const finished = await Promise.race([Promise.all([requestsDrained(SHUTDOWN_GRACE_MS), stopWorkers()]), delay(SHUTDOWN_GRACE_MS, 'late' as const)]);
  if (finished === 'late' || !finished[0]) log(`Still busy after ${SHUTDOWN_GRACE_MS / 1000} s: closing ${requestsInFlight()} request(s) unfinished`);
  closeConnections();
  // A database that no longer answers (a cut network) must not hold the process past its bound.
  const closing = Promise.all([stopSessionChangeListener(), closeDatabase()]).then(() => 'closed' as const);
  const closed = await Promise.race([closing, delay(DATABASE_CLOSE_MS, 'late' as const)]);
  log(closed === 'closed' ? 'Stopped' : `Stopped; the database did not close within ${DATABASE_CLOSE_MS / 1000} s`);
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}
