import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { DEFAULT_AFTER_SIGN_IN } from '@/lib/auth/redirect';
import { ProviderButtons } from '@/components/provider-buttons';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage() {
  if ((await getSessionIfReachable()).session) redirect(DEFAULT_AFTER_SIGN_IN);
  return (
    <section className="card" aria-labelledby="signup-title">
      <h1 id="signup-title">Create your account</h1>
      <SignUpForm />
      <ProviderButtons next={DEFAULT_AFTER_SIGN_IN} />
      <p className="switch">
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </section>
  );
}
