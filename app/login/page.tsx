import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionIfReachable } from '@/lib/accounts/dal';
import { safeNextPath } from '@/lib/auth/redirect';
import { LoginForm } from './login-form';
import { PasskeySignIn } from './passkey-sign-in';
import { ProviderButtons } from '@/components/provider-buttons';
import { ProviderProblemMessage } from '@/components/provider-problem';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Promise<{ next?: string | string[]; error?: string | string[]; provider?: string | string[] }>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if ((await getSessionIfReachable()).session) redirect(next);
  return (
    <section className="card" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      <ProviderProblemMessage error={params.error} provider={params.provider} />
      <LoginForm next={next} />
      <PasskeySignIn next={next} />
      <ProviderButtons next={next} />
      <p className="switch">
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p className="switch">
        New to Latchkey? <Link href="/signup">Create an account</Link>
      </p>
    </section>
  );
}
