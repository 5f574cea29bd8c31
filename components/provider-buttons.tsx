import { getTranslations } from 'next-intl/server';
import { getConfig } from '@/lib/config';

/**
 * `Continue with <provider>` for each configured provider: plain forms posting to the start of the
 * round trip (app/auth/start), so they work without JavaScript. `next` travels with it.
 */
export async function ProviderButtons({ next }: { next: string }) {
  const { providers } = getConfig();
  if (providers.length === 0) return null;
  const t = await getTranslations('providers');
  return (
    <div className="provider-buttons">
      {providers.map((provider) => (
        <form key={provider.id} method="post" action={`/auth/start/${provider.id}`}>
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="secondary wide">
            {t('continueWith', { provider: provider.name })}
          </button>
        </form>
      ))}
    </div>
  );
}
