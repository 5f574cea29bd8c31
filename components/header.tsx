import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

type Props = {
  email: string | null;
  /** False while the session cannot be checked (database down): neither signed in nor out. */
  accountLinks: boolean;
  signOut: () => Promise<void>;
};

export async function Header({ email, accountLinks, signOut }: Props) {
  const t = await getTranslations('common');
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <nav aria-label={t('mainNavigation')} className="site-nav">
        <Link href="/" className="brand">
          {t('appName')}
        </Link>
        {email ? (
          <div className="nav-links">
            <Link href="/dashboard">{t('dashboard')}</Link>
            <Link href="/settings">{t('settings')}</Link>
            <span className="who" title={t('signedInAs')}>
              {email}
            </span>
            <form action={signOut}>
              <button type="submit" className="secondary">
                {t('signOut')}
              </button>
            </form>
          </div>
        ) : accountLinks ? (
          <div className="nav-links">
            <Link href="/login">{t('signIn')}</Link>
            <Link href="/signup" className="button-link">
              {t('signUp')}
            </Link>
          </div>
        ) : null}
      </nav>
    </header>
  );
}
