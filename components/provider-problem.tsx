import { FormError } from './form-error';
import { findProvider } from '@/lib/auth/oidc';
import { PROVIDER_PROBLEMS, type ProviderProblem } from '@/lib/auth/provider-problems';
import { commonSentence } from '@/lib/form-state';

const WORDS: Record<Exclude<ProviderProblem, 'unavailable' | 'busy'>, (name: string) => string> = {
  cancelled: (name) => `Sign-in with ${name} was cancelled.`,
  flow_invalid: () => 'That sign-in did not start here or took too long. Try again.',
  provider_error: (name) => `${name} could not sign you in. Try again.`,
  provider_unavailable: (name) => `${name} could not be reached. Try again in a minute.`,
  account_exists: (name) => `An account with this email already exists. Sign in to it, then connect ${name} under Settings.`,
  email_missing: (name) => `${name} did not share an email address, which a new account needs.`,
  email_unverified: (name) => `Your ${name} account has no verified email address. Verify one at ${name}, then try again.`,
  account_disabled: () => 'This account is disabled. Contact an administrator.',
  linked_elsewhere: (name) => `That ${name} account is already connected to another Latchkey account. Disconnect it there first.`,
  not_recent: (name) => `Sign in again to connect ${name}: you signed in more than 5 minutes ago.`,
};

/** Why a round trip to a provider signed no one in, or connected nothing (`?error=…&provider=…`), in one line. */
export async function ProviderProblemMessage({ error, provider }: { error: unknown; provider: unknown }) {
  const known = (PROVIDER_PROBLEMS as readonly unknown[]).includes(error) ? (error as ProviderProblem) : null;
  const name = typeof provider === 'string' ? findProvider(provider)?.name : undefined;
  if (!known || !name) return null;
  const message = known === 'unavailable' || known === 'busy' ? await commonSentence({ error: known }) : WORDS[known](name);
  return <FormError message={message ?? undefined} />;
}
