'use server';

import { revalidatePath } from 'next/cache';
import { requireSession } from '@/lib/auth/dal';
import { cancelMfaSetup, disableMfa, enableMfa, regenerateRecoveryCodes, startMfaSetup } from '@/lib/auth/mfa';
import { getClientInfo } from '@/lib/auth/request';
import { tooManyAttemptsMessage } from '@/lib/auth/throttle';
import { isUnavailable, unlessUnavailable } from '@/lib/db/unavailable';
import { type FormState, UNAVAILABLE_MESSAGES } from '@/lib/form-state';

// The two-factor part of /settings/security. Every action checks the session itself and reads
// the secret being set up from the database: the browser never sends a secret.

const PAGE = '/settings/security';
const MAX_INPUT_LENGTH = 1024;
const WRONG_CODE = 'That code is incorrect or has already been used.';
const NO_CODE = 'Enter the 6-digit code from your authenticator app.';

/** Recovery codes to show once; `shownAt` tells the newest set apart when several forms hold one. */
export type CodesState = FormState<'code' | 'regenerateCode'> & { recoveryCodes?: string[]; shownAt?: number };
export type DisableState = FormState<'password' | 'disableCode'> & { done?: boolean };

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim().slice(0, MAX_INPUT_LENGTH);
}

export async function startMfaSetupAction(): Promise<void> {
  const { user } = await requireSession();
  await startMfaSetup(user.id);
  revalidatePath(PAGE);
}

export async function cancelMfaSetupAction(): Promise<void> {
  const { user } = await requireSession();
  await cancelMfaSetup(user.id);
  revalidatePath(PAGE);
}

export async function enableMfaAction(_previous: CodesState, form: FormData): Promise<CodesState> {
  const { user } = await requireSession();
  const code = field(form, 'code');
  if (code === '') return { fieldErrors: { code: [NO_CODE] } };
  const result = await enableMfa(user.id, code, await getClientInfo());
  revalidatePath(PAGE);
  if (result.ok) return { recoveryCodes: result.recoveryCodes, shownAt: Date.now() };
  return result.error === 'wrong_code'
    ? { fieldErrors: { code: ['That code is not right. Check the time on your phone and enter the newest code.'] } }
    : { formError: 'The setup was restarted or finished elsewhere. Start again.' };
}

export async function regenerateRecoveryCodesAction(_previous: CodesState, form: FormData): Promise<CodesState> {
  const { user } = await requireSession();
  const code = field(form, 'regenerateCode');
  if (code === '') return { fieldErrors: { regenerateCode: [NO_CODE] } };
  const result = await regenerateRecoveryCodes(user.id, code, await getClientInfo());
  if (!result.ok) {
    return { fieldErrors: { regenerateCode: [result.error === 'throttled' ? tooManyAttemptsMessage(result.retryAfterSeconds) : WRONG_CODE] } };
  }
  revalidatePath(PAGE);
  return { recoveryCodes: result.recoveryCodes, shownAt: Date.now() };
}

export async function disableMfaAction(_previous: DisableState, form: FormData): Promise<DisableState> {
  const { user } = await requireSession();
  const input = { password: String(form.get('password') ?? '').slice(0, MAX_INPUT_LENGTH), code: field(form, 'disableCode') };
  const missing: DisableState['fieldErrors'] = {
    ...(input.password === '' ? { password: ['Enter your current password.'] } : {}),
    ...(input.code === '' ? { disableCode: [NO_CODE] } : {}),
  };
  if (Object.keys(missing).length > 0) return { fieldErrors: missing };
  const result = await unlessUnavailable(disableMfa(user, input, await getClientInfo()));
  if (isUnavailable(result)) return { formError: UNAVAILABLE_MESSAGES[result.error] };
  if (!result.ok && result.error === 'throttled') return { formError: tooManyAttemptsMessage(result.retryAfterSeconds) };
  if (!result.ok) {
    return result.error === 'wrong_password'
      ? { fieldErrors: { password: ['Your current password is incorrect.'] } }
      : { fieldErrors: { disableCode: [WRONG_CODE] } };
  }
  revalidatePath(PAGE);
  return { done: true };
}
