import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { isCommonPassword } from '../lib/auth/common-passwords';
import { DEMO_PASSWORD } from './helpers/accounts';
import { MAIN_SERVER_LOG, rememberedSecrets } from './helpers/server-log';
import { findSecrets } from '../test/support/secret-scan';

// Runs after every journey on the main server (the server-log project depends on chromium): the
// server's log, kept by playwright.config.ts, holds none of the secrets the journeys used.

test('the main server logged no password, token, cookie or code the journeys used', () => {
  const log = readFileSync(MAIN_SERVER_LOG, 'utf8');
  // The log was collected: the journeys' requests and sign-ins are in it, as JSON lines.
  const lines = log.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.filter((line) => line.msg === 'request').length).toBeGreaterThan(100);
  expect(lines.some((line) => line.msg === 'audit event' && line.event === 'sign_in')).toBe(true);

  // The demo password is published (README) for the local trial, and start-up names it on
  // purpose, next to the accounts it opens: it is no secret, and is left out of the search. So are
  // the common passwords the journeys type to see them refused ("password"): words the log's own
  // messages use, and no account's password.
  const secrets = rememberedSecrets().filter((secret) => secret.value !== DEMO_PASSWORD && !(secret.kind === 'password' && isCommonPassword(secret.value)));
  const kinds = new Set(secrets.map((secret) => secret.kind));
  const appKinds = ['client secret', 'authorization code', 'code verifier', 'app access token', 'app refresh token', 'ID token'];
  for (const kind of ['password', 'access token cookie', 'refresh token cookie', 'two-factor code', 'mailed token', 'access token', ...appKinds]) {
    expect(kinds, `the journeys noted a ${kind}`).toContain(kind);
  }
  expect(findSecrets(log, secrets)).toEqual([]);
});
