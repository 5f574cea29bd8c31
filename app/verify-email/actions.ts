'use server';

import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/auth/dal';
import { tooManyAttemptsMessage } from '@/lib/auth/throttle';
import { VERIFY_EMAIL_PATH, resendVerificationMail } from '@/lib/auth/verification';

export type ResendState = { sentTo?: string; formError?: string; verified?: boolean };

export async function resendVerificationAction(): Promise<ResendState> {
  // Not requireSession(): with REQUIRE_EMAIL_VERIFICATION that would send an unverified user away.
  const session = await getCurrentSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(VERIFY_EMAIL_PATH)}`);
  const result = await resendVerificationMail(session.user.id);
  if (result.ok) return { sentTo: session.user.email };
  if (result.error === 'throttled') return { formError: tooManyAttemptsMessage(result.retryAfterSeconds) };
  return { verified: true };
}
