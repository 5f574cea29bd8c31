'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signIn } from '@/lib/accounts/sign-in';
import { setMfaChallengeCookie, setSessionCookies } from '@/lib/auth/cookies';
import { signInSchema } from '@/lib/auth/credentials';
import { safeNextPath, verifyPath } from '@/lib/auth/redirect';
import { getClientInfo } from '@/lib/request/current';
import { unlessUnavailable } from '@/lib/unavailable';
import { type FormState, toFormState } from '@/lib/form-state';

export type SignInState = FormState<'email' | 'password'>;

const SIGN_IN_ERRORS = {
  invalid_credentials: 'Incorrect email or password.',
  account_disabled: 'This account is disabled. Contact an administrator.',
};

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const values = { email: String(form.get('email') ?? '') };
  const parsed = signInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
  if (!parsed.success) return { values, fieldErrors: z.flattenError(parsed.error).fieldErrors };

  const result = await unlessUnavailable(signIn(parsed.data, await getClientInfo()));
  if (!result.ok && result.error === 'mfa_required') {
    await setMfaChallengeCookie(result.challenge);
    redirect(verifyPath(safeNextPath(form.get('next'))));
  }
  if (!result.ok) return { values, ...toFormState(result, SIGN_IN_ERRORS) };

  await setSessionCookies(result.tokens);
  redirect(safeNextPath(form.get('next')));
}
