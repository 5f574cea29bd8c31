'use server';

import { revalidatePath } from 'next/cache';
import { requireSession } from '@/lib/accounts/dal';
import { getClientInfo } from '@/lib/request/current';
import { revokeAppAccess } from '@/lib/oauth/consent';

export async function revokeAppAction(form: FormData): Promise<void> {
  const { user } = await requireSession();
  await revokeAppAccess(user.id, String(form.get('clientId') ?? ''), await getClientInfo());
  revalidatePath('/settings/apps');
}
