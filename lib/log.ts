import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

// The server's log: one JSON object per line on stdout (pino), for a log collector to parse; in
// development, or on a terminal, the same lines made readable. Callers log chosen fields, never a
// whole request, header set, body or error from a client library: what is never logged
// (docs/observability.md) is kept out by what is passed here. The redaction below is a second
// guard for a field that slips through under a name that says what it is.

const REDACTED_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'authorization',
  'cookie',
  'cookies',
  'headers',
  'body',
  'text',
  'html',
];
// A one-time code at the top level; one level down `code` is an error's (ECONNREFUSED), kept.
const REDACT_PATHS = ['code', ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`])];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// One logger per process, and one record of the request being answered. Next.js bundles
// instrumentation, middleware and route handlers separately, so they live on globalThis rather
// than in module variables.
const globalLog = globalThis as typeof globalThis & { __latchkeyLogger?: Logger; __latchkeyRequest?: AsyncLocalStorage<{ requestId: string }> };
const currentRequest = (globalLog.__latchkeyRequest ??= new AsyncLocalStorage());

/**
 * Every line logged from here on in this asynchronous context (the request's handling, from
 * lib/request/request-log.ts) carries the request's id, so an event can be traced to its request.
 */
export function enterRequest(requestId: string): void {
  currentRequest.enterWith({ requestId });
}

export function getLogger(): Logger {
  globalLog.__latchkeyLogger ??= createLogger();
  return globalLog.__latchkeyLogger;
}

/**
 * For the command-line scripts (scripts/log-to-stderr.ts): stdout is the command's own output, which
 * callers may read, so the log goes to stderr.
 */
export function logToStderr(): void {
  globalLog.__latchkeyLogger = createLogger(undefined, process.stderr);
}

/** The process's logger, or one writing to `destination` (tests read what it writes). */
export function createLogger(destination?: pino.DestinationStream, stream: typeof process.stdout | typeof process.stderr = process.stdout): Logger {
  const options: pino.LoggerOptions = {
    level: configuredLevel(),
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => {
      const request = currentRequest.getStore();
      return request ? { requestId: request.requestId } : {};
    },
  };
  // A synchronous stream, not pino's worker-thread transport, which cannot find its worker file
  // inside a Next.js bundle.
  if (destination) return pino(options, destination);
  if (!humanReadable(stream)) return pino(options, pino.destination({ dest: stream.fd, sync: true }));
  return pino(
    options,
    pretty({ destination: stream.fd, sync: true, colorize: Boolean(stream.isTTY), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
  );
}

// `next dev`, or someone watching a terminal (npm start, the admin scripts). Under a process
// manager or in a container the stream is a pipe or a file, and the lines stay JSON.
function humanReadable(stream: typeof process.stdout | typeof process.stderr): boolean {
  return process.env.NODE_ENV === 'development' || Boolean(stream.isTTY);
}

// Read here rather than from getConfig(), which logs through this logger while it runs. A bad
// value stops start-up all the same (lib/config.ts validates it), reported at info.
function configuredLevel(): LogLevel {
  const level = process.env.LOG_LEVEL;
  return LOG_LEVELS.find((known) => known === level) ?? 'info';
}
