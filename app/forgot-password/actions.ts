'use server';

import { after } from 'next/server';
import { z } from 'zod';
import { emailSchema } from '@/lib/auth/credentials';
import { getLocale } from 'next-intl/server';
import { sendPasswordResetMail } from '@/lib/accounts/password-reset';
import { getClientInfo } from '@/lib/request/current';
import { claimAttempt, forgotPasswordLimits } from '@/lib/auth/throttle';
import { type FormState, fieldErrorsOf, toFormState } from '@/lib/form-state';
import { unlessUnavailable } from '@/lib/unavailable';
import { getLogger } from '@/lib/log';

export type ForgotPasswordState = FormState<'email'> & { sent?: boolean };

export async function forgotPasswordAction(_previous: ForgotPasswordState, form: FormData): Promise<ForgotPasswordState> {
  const values = { email: String(form.get('email') ?? '') };
  const parsed = z.object({ email: emailSchema }).safeParse({ email: form.get('email') });
  if (!parsed.success) return { values, fieldErrors: await fieldErrorsOf(parsed.error) };

  const { email } = parsed.data;
  const client = await getClientInfo();
  const attempt = await unlessUnavailable(claimAttempt(forgotPasswordLimits(email, client)));
  if (!attempt.ok) return { values, ...(await toFormState(attempt, {})) };

  // Whether the account exists is looked up only after the answer has gone: an existing account
  // and an unknown email get the same answer in the same time.
  const locale = await getLocale();
  after(() =>
    sendPasswordResetMail(email, client, locale).catch((error: unknown) => getLogger().error({ error: String(error) }, 'password reset mail not queued')),
  );
  return { values, sent: true };
}
