import type { Metadata } from 'next';
import { requireSession } from '@/lib/accounts/dal';
import { MAX_PASSKEYS, listPasskeys, signInMethods } from '@/lib/accounts/passkeys';
import { isRecentlyAuthenticated } from '@/lib/accounts/recent-authentication';
import { getMfaSettings } from '@/lib/accounts/two-factor-settings';
import { formatTime } from '@/lib/format';
import { ConfirmWithPasskey } from './confirm-with-passkey';
import { PasskeysSection } from './passkeys-section';
import { PasswordForm } from './password-form';
import { SetPasswordForm } from './set-password-form';
import { type TwoFactorView, TwoFactorSection } from './two-factor-section';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ 'password-set'?: string | string[] }> }) {
  const passwordSet = (await searchParams)['password-set'] === '1' || undefined;
  const { user, sessionId } = await requireSession();
  const [settings, recentSignIn, methods, passkeys] = await Promise.all([
    getMfaSettings(user),
    isRecentlyAuthenticated(sessionId),
    signInMethods(user.id),
    listPasskeys(user.id),
  ]);
  const view: TwoFactorView = settings.state === 'on' ? { ...settings, enabledAt: formatTime(settings.enabledAt) } : settings;
  // Without a password, the only proof besides a recent sign-in is a passkey.
  const mustConfirm = !methods.password && !recentSignIn;
  const rows = passkeys.map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    added: formatTime(passkey.createdAt),
    lastUsed: passkey.lastUsedAt && formatTime(passkey.lastUsedAt),
    synced: passkey.backedUp,
  }));
  return (
    <div className="stack">
      <h1>Security</h1>
      {mustConfirm && (
        <section className="panel" aria-label="Confirm it is you">
          <ConfirmWithPasskey />
        </section>
      )}
      {methods.password ? (
        <section className="panel" aria-labelledby="password-title">
          <h2 id="password-title">Change password</h2>
          {passwordSet && (
            <p className="form-success" role="status">
              Password set. You can now sign in with your email and password too.
            </p>
          )}
          <p className="lead">Changing your password signs out every other device.</p>
          <PasswordForm />
        </section>
      ) : (
        <section className="panel" aria-labelledby="password-title">
          <h2 id="password-title">Set a password</h2>
          <p className="lead">Your account has no password: it signs in with its passkeys or connected accounts. A password lets you sign in anywhere with your email.</p>
          {!mustConfirm && <SetPasswordForm />}
        </section>
      )}
      <section className="panel" aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">Passkeys</h2>
        <p className="lead">Sign in with your fingerprint, face or screen lock instead of a password. A passkey cannot be phished or reused on another site.</p>
        <PasskeysSection passkeys={rows} askPassword={methods.password && !recentSignIn} canAdd={!mustConfirm && passkeys.length < MAX_PASSKEYS} />
        {passkeys.length >= MAX_PASSKEYS && <p className="hint">You have {MAX_PASSKEYS} passkeys, the most an account can have.</p>}
      </section>
      <section className="panel" aria-labelledby="mfa-title">
        <h2 id="mfa-title">Two-factor authentication</h2>
        <div className="mfa">
          {methods.password || settings.state === 'on' ? (
            <TwoFactorSection view={view} email={user.email} recentSignIn={recentSignIn} />
          ) : (
            <p>A second step after your password: set a password first to add codes to it. Passkeys already are two factors (the device and its lock).</p>
          )}
        </div>
      </section>
    </div>
  );
}
