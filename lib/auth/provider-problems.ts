import { loginPath } from './redirect';

// Where a provider round trip that did not sign anyone in lands: the sign-in page, saying why in
// one line, with the provider named (app/login/provider-problem.tsx has the words).

export const PROVIDER_PROBLEMS = [
  'cancelled',
  'flow_invalid',
  'provider_error',
  'provider_unavailable',
  'account_exists',
  'email_missing',
  'account_disabled',
  'unavailable',
  'busy',
] as const;
export type ProviderProblem = (typeof PROVIDER_PROBLEMS)[number];

export function providerProblemPath(problem: ProviderProblem, provider: string, next: string): string {
  const login = loginPath(next);
  return `${login}${login.includes('?') ? '&' : '?'}${new URLSearchParams({ error: problem, provider })}`;
}
