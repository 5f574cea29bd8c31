'use server';

import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import {
  deleteMfaChallengeCookie,
  readMfaChallengeCookie,
  setPasskeyChallengeCookie,
  setSessionCookies,
  takePasskeyChallengeCookie,
} from '@/lib/auth/cookies';
import { type PublicKeyCredentialRequestOptionsJSON, authenticationResponseSchema } from '@/lib/auth/webauthn';
import { completeMfaSignIn, completeMfaWithPasskey, startPasskeySecondFactor } from '@/lib/accounts/two-factor-sign-in';
import { safeNextPath } from '@/lib/auth/redirect';
import { getClientInfo } from '@/lib/request/current';
import { type FormState, toFormState } from '@/lib/form-state';
import { unlessUnavailable } from '@/lib/unavailable';
import { type CeremonyState, passkeyErrors } from '../../passkey-errors';

export type VerifyState = FormState<'code'> & { expired?: boolean };

const MAX_CODE_LENGTH = 64;

export async function verifyCodeAction(_previous: VerifyState, form: FormData): Promise<VerifyState> {
  const t = await getTranslations('twoFactorSignIn');
  const code = String(form.get('code') ?? '').trim();
  if (code === '' || code.length > MAX_CODE_LENGTH) return { fieldErrors: { code: [t('codeRequired')] } };
  const challenge = await readMfaChallengeCookie();
  const result = challenge ? await unlessUnavailable(completeMfaSignIn(challenge, code, await getClientInfo())) : ({ ok: false, error: 'expired' } as const);
  if (result.ok) {
    await deleteMfaChallengeCookie();
    await setSessionCookies(result.tokens);
    redirect(safeNextPath(form.get('next')));
  }
  // The challenge stays for another try, unless it cannot succeed any more.
  if (result.error === 'expired' || result.error === 'account_disabled') await deleteMfaChallengeCookie();
  return {
    expired: result.error === 'expired' || undefined,
    ...(await toFormState(result, {
      wrong_code: { field: 'code', message: t('wrongCode') },
      throttled: { field: 'code' },
      account_disabled: t('accountDisabled'),
      expired: t('expired'),
    })),
  };
}

/** Options for `Use a passkey`: one of the account's passkeys instead of the code. */
export async function startPasskeySecondFactorAction(): Promise<CeremonyState<PublicKeyCredentialRequestOptionsJSON>> {
  const challenge = await readMfaChallengeCookie();
  const ceremony = challenge ? await startPasskeySecondFactor(challenge) : null;
  if (!ceremony) return { formError: (await passkeyErrors()).expired };
  await setPasskeyChallengeCookie(ceremony.token);
  return { options: ceremony.options };
}

export async function passkeySecondFactorAction(response: unknown, next: unknown): Promise<VerifyState> {
  const parsed = authenticationResponseSchema.safeParse(response);
  const passkeyToken = await takePasskeyChallengeCookie();
  const challenge = await readMfaChallengeCookie();
  if (!parsed.success) return { formError: (await passkeyErrors()).passkey_refused };
  const result = challenge
    ? await unlessUnavailable(completeMfaWithPasskey(challenge, passkeyToken, parsed.data, await getClientInfo()))
    : ({ ok: false, error: 'expired' } as const);
  if (result.ok) {
    await deleteMfaChallengeCookie();
    await setSessionCookies(result.tokens);
    redirect(safeNextPath(next));
  }
  return toFormState(result, await passkeyErrors());
}
