import { PasswordQueueFullError } from './auth/password-pool';
import { Prisma } from './db/generated/client';
import { getLogger } from './log';

// Errors that mean "try again shortly", as opposed to a bug: the database did not answer, or too
// many passwords wait to be checked (lib/auth/password-pool.ts). The API then says 503
// temporarily_unavailable, forms say why, and either may be retried.

// Prisma's codes for an unreachable server, a timeout, a closed connection and a full pool.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// Node.js socket errors (opening the database) and PostgreSQL's "shutting down" / "starting up".
const DRIVER_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', '57P01', '57P03']);

// The driver adapter's own kinds, as a raw query reports them (under P2010, "raw query failed").
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const kind = (error.meta?.driverAdapterError as { cause?: { kind?: unknown } } | undefined)?.cause?.kind;
    return PRISMA_CODES.has(error.code) || (typeof kind === 'string' && ADAPTER_KINDS.has(kind));
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DRIVER_CODES.has(code);
}

export type Unavailable = { ok: false; error: 'unavailable' | 'busy' };

/** Why `error` means "try again shortly", or null for any other error. */
export function unavailableReason(error: unknown): Unavailable['error'] | null {
  if (error instanceof PasswordQueueFullError) return 'busy';
  return isDatabaseUnavailable(error) ? 'unavailable' : null;
}

export function isUnavailable(result: { ok: boolean }): result is Unavailable {
  const error = (result as { error?: unknown }).error;
  return !result.ok && (error === 'unavailable' || error === 'busy');
}

/**
 * Runs work that reads or writes the database or checks a password. If the database does not
 * answer, the result is `{ ok: false, error: 'unavailable' }`; if too many passwords wait to be
 * checked, `{ ok: false, error: 'busy' }`: for the caller to show. Password work comes before any
 * write in every flow, so a busy answer has changed nothing. Any other error is thrown as is.
 */
export async function unlessUnavailable<T>(work: Promise<T>): Promise<T | Unavailable> {
  try {
    return await work;
  } catch (error) {
    const reason = unavailableReason(error);
    if (!reason) throw error;
    if (reason === 'unavailable') getLogger().error({ error: String(error) }, 'database unavailable');
    return { ok: false, error: reason };
  }
}
