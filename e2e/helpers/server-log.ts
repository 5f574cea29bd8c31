import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import type { Secret } from '../../test/support/secret-scan';

// The main e2e server's output is kept in a file (playwright.config.ts), and every secret the tests
// use there (passwords typed, session cookies, codes, mailed tokens, bearer tokens) is noted in
// another as the helpers meet it: secrets-in-log.server-log.spec.ts looks for each in the log once
// the journeys are done. Both files are made afresh when the server starts.

export const SERVER_LOG_DIR = '.data-e2e-logs';
export const MAIN_SERVER_LOG = `${SERVER_LOG_DIR}/main.log`;
const SECRETS_FILE = `${SERVER_LOG_DIR}/secrets.jsonl`;

/** Notes a secret a test used, for the log check. One short line: parallel appends stay whole. */
export function rememberSecret(kind: string, value: string | undefined | null): void {
  if (!value) return;
  mkdirSync(SERVER_LOG_DIR, { recursive: true });
  appendFileSync(SECRETS_FILE, `${JSON.stringify({ kind, value } satisfies Secret)}\n`);
}

export function rememberedSecrets(): Secret[] {
  return readFileSync(SECRETS_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Secret);
}
