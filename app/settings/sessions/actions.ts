'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { deleteSessionCookies } from '@/lib/auth/cookies';
import { requireSession } from '@/lib/accounts/dal';
import { getClientInfo } from '@/lib/request/current';
import { revokeAllUserSessions, revokeUserSession } from '@/lib/accounts/sessions';

export async function revokeSessionAction(form: FormData): Promise<void> {
  const { user } = await requireSession();
  const sessionId = form.get('sessionId');
  // Scoped to the signed-in user: a session id from someone else's account changes nothing.
  if (typeof sessionId === 'string') await revokeUserSession(user.id, sessionId, await getClientInfo());
  revalidatePath('/settings/sessions');
}

export async function signOutEverywhereAction(): Promise<never> {
  const { user } = await requireSession();
  await revokeAllUserSessions(user.id, await getClientInfo());
  await deleteSessionCookies();
  redirect('/login');
}
