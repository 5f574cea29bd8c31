'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { requireSession } from '@/lib/accounts/dal';
import { cancelMfaSetup, disableMfa, enableMfa, regenerateRecoveryCodes, startMfaSetup } from '@/lib/accounts/two-factor-settings';
import { getClientInfo } from '@/lib/request/current';
import { unlessUnavailable } from '@/lib/unavailable';
import { type FormState, toFormState } from '@/lib/form-state';

// The two-factor part of /settings/security. Every action checks the session itself and reads
// the secret being set up from the database: the browser never sends a secret.

const PAGE = '/settings/security';
const MAX_INPUT_LENGTH = 1024;

/**
 * Recovery codes to show once; `shownAt` tells the newest set apart when several forms hold one.
 * `needsPassword`: the sign-in is older than 5 minutes, so the form asks for the current password.
 */
export type CodesState = FormState<'code' | 'password' | 'regenerateCode' | 'regeneratePassword'> & {
  recoveryCodes?: string[];
  shownAt?: number;
  needsPassword?: boolean;
};
export type DisableState = FormState<'password' | 'disableCode'> & { done?: boolean };

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim().slice(0, MAX_INPUT_LENGTH);
}

// Passwords are taken as typed: spaces may be part of one.
function password(form: FormData, name: string): string {
  return String(form.get(name) ?? '').slice(0, MAX_INPUT_LENGTH);
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
  const session = await requireSession();
  const input = { code: field(form, 'code'), password: password(form, 'password') };
  const t = await getTranslations('twoFactor');
  if (input.code === '') return { fieldErrors: { code: [t('noCode')] } };
  const result = await unlessUnavailable(enableMfa(session, input, await getClientInfo()));
  revalidatePath(PAGE);
  if (result.ok) return { recoveryCodes: result.recoveryCodes, shownAt: Date.now() };
  return {
    // Only the password is throttled here: turning on checks no code against the limits.
    needsPassword: passwordRefused(result.error, true),
    ...(await toFormState(result, {
      not_setting_up: t('notSettingUp'),
      wrong_code: { field: 'code', message: t('wrongSetupCode') },
      ...(await stepUpMessages('password')),
    })),
  };
}

export async function regenerateRecoveryCodesAction(_previous: CodesState, form: FormData): Promise<CodesState> {
  const session = await requireSession();
  const input = { code: field(form, 'regenerateCode'), password: password(form, 'regeneratePassword') };
  const t = await getTranslations('twoFactor');
  if (input.code === '') return { fieldErrors: { regenerateCode: [t('noCode')] } };
  const result = await unlessUnavailable(regenerateRecoveryCodes(session, input, await getClientInfo()));
  if (result.ok) {
    revalidatePath(PAGE);
    return { recoveryCodes: result.recoveryCodes, shownAt: Date.now() };
  }
  // Wrong codes are throttled too: without a password, the wait belongs next to the code.
  const passwordGiven = input.password !== '';
  const throttledField = passwordGiven ? 'regeneratePassword' : 'regenerateCode';
  return {
    needsPassword: passwordRefused(result.error, passwordGiven),
    ...(await toFormState(result, {
      wrong_code: { field: 'regenerateCode', message: t('wrongCode') },
      ...(await stepUpMessages('regeneratePassword')),
      throttled: { field: throttledField },
    })),
  };
}

/** The current password was needed (the sign-in is older than 5 minutes), wrong, or throttled. */
async function stepUpMessages<Field extends string>(field: Field) {
  const t = await getTranslations('security');
  return {
    password_required: { field, message: t('passwordRequired') },
    wrong_password: { field, message: t('wrongPassword') },
    throttled: { field },
  };
}

/** Whether the form must show (or keep showing) the password field: the answer is about the password. */
const passwordRefused = (error: string, throttledOnPassword: boolean) =>
  error === 'password_required' || error === 'wrong_password' || (error === 'throttled' && throttledOnPassword);

export async function disableMfaAction(_previous: DisableState, form: FormData): Promise<DisableState> {
  const { user } = await requireSession();
  const input = { password: password(form, 'password'), code: field(form, 'disableCode') };
  const [t, tSecurity, tValidation] = await Promise.all([getTranslations('twoFactor'), getTranslations('security'), getTranslations('validation')]);
  const missing: DisableState['fieldErrors'] = {
    ...(input.password === '' ? { password: [tValidation('currentPasswordRequired')] } : {}),
    ...(input.code === '' ? { disableCode: [t('noCode')] } : {}),
  };
  if (Object.keys(missing).length > 0) return { fieldErrors: missing };
  const result = await unlessUnavailable(disableMfa(user, input, await getClientInfo()));
  if (!result.ok) {
    return toFormState(result, {
      wrong_password: { field: 'password', message: tSecurity('wrongPassword') },
      wrong_code: { field: 'disableCode', message: t('wrongCode') },
    });
  }
  revalidatePath(PAGE);
  return { done: true };
}
