'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { disconnectProvider } from '@/lib/accounts/connected-accounts';
import { requireSession } from '@/lib/accounts/dal';
import { CONNECTED_ACCOUNTS_PATH } from '@/lib/auth/provider-problems';
import { isUuid } from '@/lib/db/uuid';
import { type FormState, toFormState } from '@/lib/form-state';
import { getClientInfo } from '@/lib/request/current';

export type DisconnectState = FormState<never> & { done?: boolean };

export async function disconnectProviderAction(_previous: DisconnectState, form: FormData): Promise<DisconnectState> {
  const { user } = await requireSession();
  const id = String(form.get('id') ?? '');
  const result = isUuid(id) ? await disconnectProvider(user.id, id, await getClientInfo()) : ({ ok: false, error: 'not_found' } as const);
  revalidatePath(CONNECTED_ACCOUNTS_PATH);
  if (result.ok) return { done: true };
  const t = await getTranslations('connected');
  return toFormState(result, { not_found: t('gone'), last_sign_in_method: t('lastSignInMethod') });
}
