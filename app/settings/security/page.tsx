import type { Metadata } from 'next';
import { requireSession } from '@/lib/auth/dal';
import { PasswordForm } from './password-form';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage() {
  await requireSession();
  return (
    <section className="card" aria-labelledby="security-title">
      <h1 id="security-title">Change password</h1>
      <p className="lead">Changing your password signs out every other device.</p>
      <PasswordForm />
    </section>
  );
}
