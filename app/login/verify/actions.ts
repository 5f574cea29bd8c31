'use server';

import { redirect } from 'next/navigation';
import { deleteMfaChallengeCookie, readMfaChallengeCookie, setSessionCookies } from '@/lib/auth/cookies';
import { completeMfaSignIn } from '@/lib/accounts/two-factor-sign-in';
import { safeNextPath } from '@/lib/auth/redirect';
import { getClientInfo } from '@/lib/request/current';
import { tooManyAttemptsMessage } from '@/lib/auth/throttle';
import type { FormState } from '@/lib/form-state';

export type VerifyState = FormState<'code'> & { expired?: boolean };

const MAX_CODE_LENGTH = 64;

export async function verifyCodeAction(_previous: VerifyState, form: FormData): Promise<VerifyState> {
  const code = String(form.get('code') ?? '').trim();
  if (code === '' || code.length > MAX_CODE_LENGTH) {
    return { fieldErrors: { code: ['Enter the 6-digit code from your authenticator app, or a recovery code.'] } };
  }
  const challenge = await readMfaChallengeCookie();
  const result = challenge ? await completeMfaSignIn(challenge, code, await getClientInfo()) : ({ ok: false, error: 'expired' } as const);
  if (result.ok) {
    await deleteMfaChallengeCookie();
    await setSessionCookies(result.tokens);
    redirect(safeNextPath(form.get('next')));
  }
  if (result.error === 'wrong_code') return { fieldErrors: { code: ['That code is incorrect or has already been used.'] } };
  if (result.error === 'throttled') return { fieldErrors: { code: [tooManyAttemptsMessage(result.retryAfterSeconds)] } };
  await deleteMfaChallengeCookie();
  if (result.error === 'account_disabled') return { formError: 'This account is disabled. Contact an administrator.' };
  return { formError: 'This sign-in has expired (it lasts 5 minutes). Sign in again.', expired: true };
}
