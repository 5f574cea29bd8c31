import { getTranslations } from 'next-intl/server';
import { revokeAppAction } from './actions';

/** `Revoke access` for one app; its accessible name says which app. */
export async function RevokeAppForm({ clientId, name }: { clientId: string; name: string }) {
  const t = await getTranslations('apps');
  return (
    <form action={revokeAppAction}>
      <input type="hidden" name="clientId" value={clientId} />
      <button type="submit" className="secondary danger-text" aria-label={t('revokeLabel', { app: name })}>
        {t('revoke')}
      </button>
    </form>
  );
}
