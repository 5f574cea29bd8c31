import type { Metadata } from 'next';
import { requireSession } from '@/lib/accounts/dal';
import { getMfaSettings } from '@/lib/accounts/two-factor-settings';
import { isRecentlyAuthenticated } from '@/lib/accounts/recent-authentication';
import { formatTime } from '@/lib/format';
import { PasswordForm } from './password-form';
import { type TwoFactorView, TwoFactorSection } from './two-factor-section';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage() {
  const { user, sessionId } = await requireSession();
  const [settings, recentSignIn] = await Promise.all([getMfaSettings(user), isRecentlyAuthenticated(sessionId)]);
  const view: TwoFactorView = settings.state === 'on' ? { ...settings, enabledAt: formatTime(settings.enabledAt) } : settings;
  return (
    <div className="stack">
      <h1>Security</h1>
      <section className="panel" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <p className="lead">Changing your password signs out every other device.</p>
        <PasswordForm />
      </section>
      <section className="panel" aria-labelledby="mfa-title">
        <h2 id="mfa-title">Two-factor authentication</h2>
        <div className="mfa">
          <TwoFactorSection view={view} email={user.email} recentSignIn={recentSignIn} />
        </div>
      </section>
    </div>
  );
}
