import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { LanguageForm } from '@/components/language-form';
import { requireSession } from '@/lib/accounts/dal';
import { setLanguageAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings'))('title') };
}

export default async function SettingsPage() {
  const { user } = await requireSession();
  const [t, tLanguage] = await Promise.all([getTranslations('settings'), getTranslations('language')]);
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('title')}</h1>
      <p className="lead">{t('signedInAs', { email: user.email })}</p>
      <ul className="link-list">
        <li>
          <Link href="/settings/sessions">{t('sessions')}</Link>
          <span>{t('sessionsHint')}</span>
        </li>
        <li>
          <Link href="/settings/security">{t('security')}</Link>
          <span>{t('securityHint')}</span>
        </li>
        <li>
          <Link href="/settings/connected">{t('connected')}</Link>
          <span>{t('connectedHint')}</span>
        </li>
        <li>
          <Link href="/settings/apps">{t('apps')}</Link>
          <span>{t('appsHint')}</span>
        </li>
        <li>
          <Link href="/settings/activity">{t('activity')}</Link>
          <span>{t('activityHint')}</span>
        </li>
      </ul>
      <section aria-labelledby="language-title" className="settings-language">
        <h2 id="language-title">{tLanguage('settingsTitle')}</h2>
        <p className="hint">{tLanguage('settingsIntro')}</p>
        <LanguageForm action={setLanguageAction} next="/settings" id="settings-language" submit="save" />
      </section>
    </section>
  );
}
