'use server';

import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { type PasskeySignInResult, signInWithPasskey, startPasskeySignIn } from '@/lib/accounts/passkey-sign-in';
import { type SignInResult, signIn } from '@/lib/accounts/sign-in';
import { setMfaChallengeCookie, setPasskeyChallengeCookie, setSessionCookies, takePasskeyChallengeCookie } from '@/lib/auth/cookies';
import { signInSchema } from '@/lib/auth/credentials';
import { safeNextPath, verifyPath } from '@/lib/auth/redirect';
import { type PublicKeyCredentialRequestOptionsJSON, authenticationResponseSchema } from '@/lib/auth/webauthn';
import { getClientInfo } from '@/lib/request/current';
import { type Unavailable, unlessUnavailable } from '@/lib/unavailable';
import { type FormState, fieldErrorsOf, toFormState } from '@/lib/form-state';
import { type CeremonyState, passkeyErrors } from '../passkey-errors';

export type SignInState = FormState<'email' | 'password'>;

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const values = { email: String(form.get('email') ?? '') };
  const parsed = signInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
  if (!parsed.success) return { values, fieldErrors: await fieldErrorsOf(parsed.error) };

  const result = await unlessUnavailable(signIn(parsed.data, await getClientInfo()));
  return { values, ...(await enter(result, form.get('next'))) };
}

/** The options for the passkey prompt: from the button, or for autofill on the email field. */
export async function startPasskeySignInAction(): Promise<CeremonyState<PublicKeyCredentialRequestOptionsJSON>> {
  const { options, token } = await startPasskeySignIn();
  await setPasskeyChallengeCookie(token);
  return { options };
}

export async function passkeySignInAction(response: unknown, next: unknown): Promise<FormState<never>> {
  const parsed = authenticationResponseSchema.safeParse(response);
  const token = await takePasskeyChallengeCookie();
  if (!parsed.success) return { formError: (await passkeyErrors()).passkey_refused };
  const result = await unlessUnavailable(signInWithPasskey(token, parsed.data, await getClientInfo()));
  return enter(result, next);
}

/** Where a sign-in method leads: the session and `next`, the second factor, or the failure's words. */
async function enter(result: SignInResult | PasskeySignInResult | Unavailable, next: unknown): Promise<FormState<never>> {
  if (!result.ok && result.error === 'mfa_required') {
    await setMfaChallengeCookie(result.challenge);
    redirect(verifyPath(safeNextPath(next)));
  }
  if (!result.ok) return toFormState(result, await signInErrors());
  await setSessionCookies(result.tokens);
  redirect(safeNextPath(next));
}

/** The words for a sign-in refused, in the visitor's language. */
async function signInErrors() {
  const t = await getTranslations('validation');
  return { invalid_credentials: t('wrongCredentials'), ...(await passkeyErrors()) };
}
