'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireSession } from '@/lib/accounts/dal';
import { confirmWithPasskey, startPasskeyConfirmation } from '@/lib/accounts/passkey-step-up';
import { MAX_PASSKEYS, addPasskey, passkeyNameSchema, removePasskey, renamePasskey, startAddingPasskey } from '@/lib/accounts/passkeys';
import { setFirstPassword } from '@/lib/accounts/set-password';
import { setPasskeyChallengeCookie, takePasskeyChallengeCookie } from '@/lib/auth/cookies';
import { resetPasswordSchema } from '@/lib/auth/credentials';
import { PASSWORD_SET_NOTICE } from '@/lib/auth/redirect';
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  authenticationResponseSchema,
  registrationResponseSchema,
} from '@/lib/auth/webauthn';
import { isUuid } from '@/lib/db/uuid';
import { type FormState, fieldErrorsOf, toFormState, valueErrorsOf } from '@/lib/form-state';
import { getClientInfo } from '@/lib/request/current';
import { unlessUnavailable } from '@/lib/unavailable';
import { type CeremonyState, passkeyErrors } from '../../passkey-errors';

// The passkeys part of /settings/security, and the first password of an account made with one.
// Every action checks the session itself.

const PAGE = '/settings/security';
const MAX_INPUT_LENGTH = 1024;

export type AddPasskeyState = FormState<'password'> & { added?: string; needsPassword?: boolean };
export type PasskeyRowState = FormState<'name'> & { done?: boolean };
export type SetPasswordState = FormState<'newPassword' | 'confirmNewPassword'>;

async function addErrors() {
  const [t, tSecurity] = await Promise.all([getTranslations('passkeys'), getTranslations('security')]);
  return {
    ...(await passkeyErrors()),
    password_required: { field: 'password', message: tSecurity('passwordRequired') },
    wrong_password: { field: 'password', message: tSecurity('wrongPassword') },
    throttled: { field: 'password' },
    too_many: t('tooMany', { max: MAX_PASSKEYS }),
    already_added: t('alreadyAdded'),
  } as const;
}

/** `Add a passkey`: after the current password (when the sign-in is older than 5 minutes), the options for the browser's prompt. */
export async function startAddPasskeyAction(password: unknown): Promise<CeremonyState<PublicKeyCredentialCreationOptionsJSON> & AddPasskeyState> {
  const session = await requireSession();
  const result = await unlessUnavailable(startAddingPasskey(session, String(password ?? '').slice(0, MAX_INPUT_LENGTH), await getClientInfo()));
  if (!result.ok) return { needsPassword: ['password_required', 'wrong_password', 'throttled'].includes(result.error), ...(await toFormState(result, await addErrors())) };
  await setPasskeyChallengeCookie(result.token);
  return { options: result.options };
}

export async function addPasskeyAction(response: unknown): Promise<AddPasskeyState> {
  const session = await requireSession();
  const parsed = registrationResponseSchema.safeParse(response);
  const token = await takePasskeyChallengeCookie();
  if (!parsed.success) return { formError: (await passkeyErrors()).passkey_refused };
  const result = await unlessUnavailable(addPasskey(session, token, parsed.data, await getClientInfo()));
  revalidatePath(PAGE);
  return result.ok ? { added: result.name } : toFormState(result, await addErrors());
}

export async function renamePasskeyAction(_previous: PasskeyRowState, form: FormData): Promise<PasskeyRowState> {
  const { user } = await requireSession();
  const id = String(form.get('id') ?? '');
  const name = passkeyNameSchema.safeParse(String(form.get('name') ?? '').slice(0, MAX_INPUT_LENGTH));
  if (!name.success) return { fieldErrors: { name: await valueErrorsOf(name.error) } };
  if (!isUuid(id) || !(await renamePasskey(user.id, id, name.data, await getClientInfo()))) return { formError: (await getTranslations('passkeys'))('gone') };
  revalidatePath(PAGE);
  return { done: true };
}

export async function removePasskeyAction(_previous: PasskeyRowState, form: FormData): Promise<PasskeyRowState> {
  const { user } = await requireSession();
  const id = String(form.get('id') ?? '');
  const result = isUuid(id) ? await removePasskey(user.id, id, await getClientInfo()) : ({ ok: false, error: 'not_found' } as const);
  revalidatePath(PAGE);
  if (result.ok) return { done: true };
  const t = await getTranslations('passkeys');
  return toFormState(result, { not_found: t('gone'), last_sign_in_method: t('lastSignInMethod') });
}

/** `Confirm with a passkey`: proves it is still the user, as the current password would. */
export async function startPasskeyConfirmationAction(): Promise<CeremonyState<PublicKeyCredentialRequestOptionsJSON>> {
  const session = await requireSession();
  const ceremony = await startPasskeyConfirmation(session);
  if (!ceremony) return { formError: (await getTranslations('security'))('noPasskeyToConfirm') };
  await setPasskeyChallengeCookie(ceremony.token);
  return { options: ceremony.options };
}

export async function confirmWithPasskeyAction(response: unknown): Promise<FormState<never>> {
  const session = await requireSession();
  const parsed = authenticationResponseSchema.safeParse(response);
  const token = await takePasskeyChallengeCookie();
  if (!parsed.success) return { formError: (await passkeyErrors()).passkey_refused };
  const result = await unlessUnavailable(confirmWithPasskey(session, token, parsed.data, await getClientInfo()));
  revalidatePath(PAGE);
  return result.ok ? {} : toFormState(result, await passkeyErrors());
}

/** `Set a password`, for an account made with a passkey. */
export async function setPasswordAction(_previous: SetPasswordState, form: FormData): Promise<SetPasswordState> {
  const session = await requireSession();
  const parsed = resetPasswordSchema.safeParse({
    email: session.user.email,
    newPassword: form.get('newPassword'),
    confirmNewPassword: form.get('confirmNewPassword'),
  });
  if (!parsed.success) return { fieldErrors: await fieldErrorsOf(parsed.error) };
  const result = await unlessUnavailable(setFirstPassword(session, parsed.data.newPassword, await getClientInfo()));
  // The page then shows "Change password" in place of this form: the notice goes with it.
  if (result.ok) redirect(`${PAGE}?${PASSWORD_SET_NOTICE}`);
  const t = await getTranslations('security');
  return toFormState(result, { not_recent: t('notRecent'), has_password: t('hasPassword') });
}
