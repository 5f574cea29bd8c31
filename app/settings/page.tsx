import type { Metadata } from 'next';
import Link from 'next/link';
import { requireSession } from '@/lib/accounts/dal';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { user } = await requireSession();
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <p className="lead">Signed in as {user.email}.</p>
      <ul className="link-list">
        <li>
          <Link href="/settings/sessions">Sessions</Link>
          <span>See where you are signed in and sign out other devices.</span>
        </li>
        <li>
          <Link href="/settings/security">Security</Link>
          <span>Your password, passkeys and two-factor authentication.</span>
        </li>
        <li>
          <Link href="/settings/connected">Connected accounts</Link>
          <span>Sign in with another provider&apos;s account, or disconnect one.</span>
        </li>
        <li>
          <Link href="/settings/activity">Activity</Link>
          <span>Sign-ins, sign-outs and other security events on your account.</span>
        </li>
      </ul>
    </section>
  );
}
