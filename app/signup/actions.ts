'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signUp } from '@/lib/accounts/sign-up';
import { setSessionCookies } from '@/lib/auth/cookies';
import { signUpSchema } from '@/lib/auth/credentials';
import { DEFAULT_AFTER_SIGN_IN } from '@/lib/auth/redirect';
import { getClientInfo } from '@/lib/request/current';
import { unlessUnavailable } from '@/lib/unavailable';
import { type FormState, toFormState } from '@/lib/form-state';

export type SignUpState = FormState<'email' | 'password' | 'confirmPassword'>;

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  const values = { email: String(form.get('email') ?? '') };
  const parsed = signUpSchema.safeParse({
    email: form.get('email'),
    password: form.get('password'),
    confirmPassword: form.get('confirmPassword'),
  });
  if (!parsed.success) return { values, fieldErrors: z.flattenError(parsed.error).fieldErrors };

  const result = await unlessUnavailable(signUp(parsed.data, await getClientInfo()));
  if (!result.ok) {
    return { values, ...toFormState(result, { email_taken: { field: 'email', message: 'An account with this email already exists. Sign in instead.' } }) };
  }

  await setSessionCookies(result.tokens);
  redirect(DEFAULT_AFTER_SIGN_IN);
}
