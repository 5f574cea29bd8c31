import { Writable } from 'node:stream';
import { createLogger } from '@/lib/log';

/**
 * From now on, the process's log lines (lib/log.ts, with its redaction) are collected here as the
 * JSON text they would be written as, rather than written to stdout.
 */
export function captureLog(): string[] {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(destination);
  // Whatever LOG_LEVEL the tests run with (test/support/env.ts): the production default.
  logger.level = 'info';
  (globalThis as { __latchkeyLogger?: unknown }).__latchkeyLogger = logger;
  return lines;
}

/** The collected lines with this message, parsed. */
export function loggedWith(lines: string[], msg: string): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === msg);
}
