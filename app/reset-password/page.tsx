import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { checkResetLink } from '@/lib/accounts/password-reset';
import { ResetLinkProblem } from './reset-link-problem';
import { ResetPasswordForm } from './reset-password-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('passwordReset'))('resetTitle') };
}

// Opening the link only looks at it; the link is used when the form is sent (actions.ts).
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const link = await checkResetLink(token);
  if (!link.ok) return <ResetLinkProblem problem={link.error} />;
  return <ResetPasswordForm token={token as string} email={link.email} />;
}
