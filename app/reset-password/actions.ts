'use server';

import { redirect } from 'next/navigation';
import { setMfaChallengeCookie, setSessionCookies } from '@/lib/auth/cookies';
import { resetPasswordSchema } from '@/lib/auth/credentials';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';
import { checkResetLink, resetPassword } from '@/lib/accounts/password-reset';
import { DEFAULT_AFTER_SIGN_IN, PASSWORD_RESET_NOTICE, verifyPath } from '@/lib/auth/redirect';
import { getClientInfo } from '@/lib/request/current';
import { isUnavailable, unlessUnavailable } from '@/lib/unavailable';
import { type FormState, fieldErrorsOf, toFormState } from '@/lib/form-state';

export type ResetPasswordState = FormState<'newPassword' | 'confirmNewPassword'> & { problem?: EmailTokenProblem };

export async function resetPasswordAction(_previous: ResetPasswordState, form: FormData): Promise<ResetPasswordState> {
  const token = form.get('token');
  const link = await checkResetLink(token);
  if (!link.ok) return { problem: link.error };
  const parsed = resetPasswordSchema.safeParse({
    email: link.email,
    newPassword: form.get('newPassword'),
    confirmNewPassword: form.get('confirmNewPassword'),
  });
  if (!parsed.success) return { fieldErrors: await fieldErrorsOf(parsed.error) };

  // The link is used for good here, in the transaction that changes the password.
  const result = await unlessUnavailable(resetPassword(token, parsed.data.newPassword, await getClientInfo()));
  if (isUnavailable(result)) return toFormState(result, {});
  if (!result.ok) return { problem: result.error };
  const next = `${DEFAULT_AFTER_SIGN_IN}?${PASSWORD_RESET_NOTICE}`;
  if (!result.signedIn) {
    // The link proved the mailbox, not the second factor: the code comes next, as at sign-in.
    await setMfaChallengeCookie(result.mfaChallenge);
    redirect(verifyPath(next));
  }
  await setSessionCookies(result.tokens);
  redirect(next);
}
