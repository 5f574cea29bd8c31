import { loginPath } from './redirect';

// Where a provider round trip lands when it signed no one in: the sign-in page, or for a
// connection started from settings the connected-accounts page, saying why in one line with the
// provider named (the pages have the words).

export const PROVIDER_PROBLEMS = [
  'cancelled',
  'flow_invalid',
  'provider_error',
  'provider_unavailable',
  'account_exists',
  'email_missing',
  'email_unverified',
  'account_disabled',
  'linked_elsewhere',
  'not_recent',
  'unavailable',
  'busy',
] as const;
export type ProviderProblem = (typeof PROVIDER_PROBLEMS)[number];

export const CONNECTED_ACCOUNTS_PATH = '/settings/connected';

export function providerProblemPath(problem: ProviderProblem, provider: string, next: string): string {
  const login = loginPath(next);
  return `${login}${login.includes('?') ? '&' : '?'}${new URLSearchParams({ error: problem, provider })}`;
}

/** The connected-accounts page, saying a provider was connected or why not. */
export function connectedAccountsPath(outcome: { connected: string } | { error: ProviderProblem; provider: string }): string {
  return `${CONNECTED_ACCOUNTS_PATH}?${new URLSearchParams(outcome)}`;
}
