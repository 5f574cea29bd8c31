import { getTranslations } from 'next-intl/server';
import { FormError } from './form-error';
import { findProvider } from '@/lib/auth/oidc';
import { PROVIDER_PROBLEMS, type ProviderProblem } from '@/lib/auth/provider-problems';
import { commonSentence } from '@/lib/form-state';

/**
 * Why a round trip to a provider signed no one in, or connected nothing (`?error=…&provider=…`),
 * in one line in the visitor's language (messages "providers.problems", the provider named).
 */
export async function ProviderProblemMessage({ error, provider }: { error: unknown; provider: unknown }) {
  const known = (PROVIDER_PROBLEMS as readonly unknown[]).includes(error) ? (error as ProviderProblem) : null;
  const name = typeof provider === 'string' ? findProvider(provider)?.name : undefined;
  if (!known || !name) return null;
  if (known === 'unavailable' || known === 'busy') return <FormError message={(await commonSentence({ error: known })) ?? undefined} />;
  const t = await getTranslations('providers.problems');
  return <FormError message={t(known, { provider: name })} />;
}
