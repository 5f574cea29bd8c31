'use server';

import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/accounts/dal';
import { getClientInfo } from '@/lib/request/current';
import { getLocale } from 'next-intl/server';
import { VERIFY_EMAIL_PATH, resendVerificationMail, verifyEmail } from '@/lib/accounts/verification';
import { isUnavailable, unlessUnavailable } from '@/lib/unavailable';
import { toFormState } from '@/lib/form-state';
import { type ConfirmState, unusableLink } from './confirm-state';

export type ResendState = { sentTo?: string; formError?: string; verified?: boolean };

export async function resendVerificationAction(): Promise<ResendState> {
  // Not requireSession(): with REQUIRE_EMAIL_VERIFICATION that would send an unverified user away.
  const session = await getCurrentSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(VERIFY_EMAIL_PATH)}`);
  const result = await unlessUnavailable(resendVerificationMail(session.user.id, await getLocale()));
  if (result.ok) return { sentTo: session.user.email };
  if (result.error === 'already_verified') return { verified: true };
  return toFormState(result, {});
}

/** "Confirm email address": uses the link's token, which opening the page did not. */
export async function confirmEmailAction(_previous: ConfirmState, form: FormData): Promise<ConfirmState> {
  const result = await unlessUnavailable(verifyEmail(form.get('token'), await getClientInfo()));
  if (isUnavailable(result)) return { status: 'ready', ...(await toFormState(result, {})) };
  return result.ok ? { status: 'verified' } : unusableLink(result.error, await getCurrentSession());
}
