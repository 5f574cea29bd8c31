import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireSession } from '@/lib/accounts/dal';
import { MAX_PASSKEYS, listPasskeys, signInMethods } from '@/lib/accounts/passkeys';
import { isRecentlyAuthenticated } from '@/lib/accounts/recent-authentication';
import { getMfaSettings } from '@/lib/accounts/two-factor-settings';
import { getTimeFormat } from '@/lib/i18n/format-time';
import { ConfirmWithPasskey } from './confirm-with-passkey';
import { PasskeysSection } from './passkeys-section';
import { PasswordForm } from './password-form';
import { SetPasswordForm } from './set-password-form';
import { type TwoFactorView, TwoFactorSection } from './two-factor-section';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('security'))('title') };
}

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ 'password-set'?: string | string[] }> }) {
  const passwordSet = (await searchParams)['password-set'] === '1' || undefined;
  const { user, sessionId } = await requireSession();
  const [settings, recentSignIn, methods, passkeys, t, tPasskeys, tTwoFactor, format] = await Promise.all([
    getMfaSettings(user),
    isRecentlyAuthenticated(sessionId),
    signInMethods(user.id),
    listPasskeys(user.id),
    getTranslations('security'),
    getTranslations('passkeys'),
    getTranslations('twoFactor'),
    getTimeFormat(),
  ]);
  const view: TwoFactorView = settings.state === 'on' ? { ...settings, enabledAt: format(settings.enabledAt) } : settings;
  // Without a password, the only proof besides a recent sign-in is a passkey.
  const mustConfirm = !methods.password && !recentSignIn;
  const rows = passkeys.map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    added: format(passkey.createdAt),
    lastUsed: passkey.lastUsedAt && format(passkey.lastUsedAt),
    synced: passkey.backedUp,
  }));
  return (
    <div className="stack">
      <h1>{t('title')}</h1>
      {mustConfirm && (
        <section className="panel" aria-label={t('confirmLabel')}>
          <ConfirmWithPasskey />
        </section>
      )}
      {methods.password ? (
        <section className="panel" aria-labelledby="password-title">
          <h2 id="password-title">{t('changePasswordTitle')}</h2>
          {passwordSet && (
            <p className="form-success" role="status">
              {t('passwordSet')}
            </p>
          )}
          <p className="lead">{t('changePasswordLead')}</p>
          <PasswordForm />
        </section>
      ) : (
        <section className="panel" aria-labelledby="password-title">
          <h2 id="password-title">{t('setPasswordTitle')}</h2>
          <p className="lead">{t('setPasswordLead')}</p>
          {!mustConfirm && <SetPasswordForm />}
        </section>
      )}
      <section className="panel" aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">{tPasskeys('title')}</h2>
        <p className="lead">{tPasskeys('lead')}</p>
        <PasskeysSection passkeys={rows} askPassword={methods.password && !recentSignIn} canAdd={!mustConfirm && passkeys.length < MAX_PASSKEYS} />
        {passkeys.length >= MAX_PASSKEYS && <p className="hint">{tPasskeys('atMost', { max: MAX_PASSKEYS })}</p>}
      </section>
      <section className="panel" aria-labelledby="mfa-title">
        <h2 id="mfa-title">{tTwoFactor('title')}</h2>
        <div className="mfa">
          {methods.password || settings.state === 'on' ? (
            <TwoFactorSection view={view} email={user.email} recentSignIn={recentSignIn} />
          ) : (
            <p>{tTwoFactor('needsPassword')}</p>
          )}
        </div>
      </section>
    </div>
  );
}
