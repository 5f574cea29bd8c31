import type { Metadata } from 'next';
import { checkResetLink } from '@/lib/accounts/password-reset';
import { ResetLinkProblem } from './reset-link-problem';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Reset password' };

// Opening the link only looks at it; the link is used when the form is sent (actions.ts).
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const link = await checkResetLink(token);
  if (!link.ok) return <ResetLinkProblem problem={link.error} />;
  return <ResetPasswordForm token={token as string} email={link.email} />;
}
