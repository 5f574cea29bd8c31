'use server';

import { getTranslations } from 'next-intl/server';
import { changePassword } from '@/lib/accounts/password-change';
import { setSessionCookies } from '@/lib/auth/cookies';
import { changePasswordSchema } from '@/lib/auth/credentials';
import { requireSession } from '@/lib/accounts/dal';
import { getClientInfo } from '@/lib/request/current';
import { unlessUnavailable } from '@/lib/unavailable';
import { type FormState, fieldErrorsOf, toFormState } from '@/lib/form-state';

export type ChangePasswordState = FormState<'currentPassword' | 'newPassword' | 'confirmNewPassword'> & { done?: boolean };

export async function changePasswordAction(_previous: ChangePasswordState, form: FormData): Promise<ChangePasswordState> {
  const session = await requireSession();
  const parsed = changePasswordSchema.safeParse({
    email: session.user.email,
    currentPassword: form.get('currentPassword'),
    newPassword: form.get('newPassword'),
    confirmNewPassword: form.get('confirmNewPassword'),
  });
  if (!parsed.success) return { fieldErrors: await fieldErrorsOf(parsed.error) };

  const result = await unlessUnavailable(changePassword(session, parsed.data, await getClientInfo()));
  if (!result.ok) {
    const t = await getTranslations('security');
    return toFormState(result, { wrong_password: { field: 'currentPassword', message: t('wrongPassword') } });
  }

  await setSessionCookies(result.tokens);
  return { done: true };
}
