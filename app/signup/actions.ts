'use server';

import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { type PasskeySignUpResult, signUp, signUpWithPasskey, startPasskeySignUp } from '@/lib/accounts/sign-up';
import { setPasskeyChallengeCookie, setSessionCookies, takePasskeyChallengeCookie } from '@/lib/auth/cookies';
import { emailSchema, signUpSchema } from '@/lib/auth/credentials';
import { type PublicKeyCredentialCreationOptionsJSON, registrationResponseSchema } from '@/lib/auth/webauthn';
import { safeNextPath } from '@/lib/auth/redirect';
import { getClientInfo } from '@/lib/request/current';
import { type Unavailable, unlessUnavailable } from '@/lib/unavailable';
import { type FormState, fieldErrorsOf, toFormState, valueErrorsOf } from '@/lib/form-state';
import { type CeremonyState, passkeyErrors } from '../passkey-errors';

export type SignUpState = FormState<'email' | 'password' | 'confirmPassword'>;

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  const values = { email: String(form.get('email') ?? '') };
  const parsed = signUpSchema.safeParse({
    email: form.get('email'),
    password: form.get('password'),
    confirmPassword: form.get('confirmPassword'),
  });
  if (!parsed.success) return { values, fieldErrors: await fieldErrorsOf(parsed.error) };

  return { values, ...(await enter(await unlessUnavailable(signUp(parsed.data, await getClientInfo(), await getLocale())), form.get('next'))) };
}

/** `Create a passkey` instead of a password: the options for the browser's prompt, for the email typed. */
export async function startPasskeySignUpAction(email: unknown): Promise<CeremonyState<PublicKeyCredentialCreationOptionsJSON>> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { fieldErrors: { email: await valueErrorsOf(parsed.error) } };
  const result = await unlessUnavailable(startPasskeySignUp(parsed.data, await getClientInfo()));
  if (!result.ok) return toFormState(result, await signUpErrors());
  await setPasskeyChallengeCookie(result.token);
  return { options: result.options };
}

export async function passkeySignUpAction(response: unknown, next: unknown): Promise<FormState<'email'>> {
  const parsed = registrationResponseSchema.safeParse(response);
  const token = await takePasskeyChallengeCookie();
  if (!parsed.success) return { formError: (await passkeyErrors()).passkey_refused };
  return enter(await unlessUnavailable(signUpWithPasskey(token, parsed.data, await getClientInfo(), await getLocale())), next);
}

async function enter(result: PasskeySignUpResult | Unavailable, next: unknown): Promise<FormState<'email'>> {
  if (!result.ok) return toFormState(result, await signUpErrors());
  await setSessionCookies(result.tokens);
  redirect(safeNextPath(next));
}

/** The words for a sign-up refused, in the visitor's language. */
async function signUpErrors() {
  const t = await getTranslations('signUp');
  return { email_taken: { field: 'email', message: t('emailTaken') }, ...(await passkeyErrors()) } as const;
}
