'use server';

import { redirect } from 'next/navigation';
import { deleteSessionCookies, readSessionCookies } from '@/lib/auth/cookies';
import { getClientInfo } from '@/lib/request/current';
import { endSession } from '@/lib/accounts/sessions';

export async function signOutAction(): Promise<never> {
  await endSession(await readSessionCookies(), await getClientInfo());
  await deleteSessionCookies();
  redirect('/login');
}
