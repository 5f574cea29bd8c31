'use server';

import { redirect } from 'next/navigation';
import { deleteSessionCookies, readSessionCookies } from '@/lib/auth/cookies';
import { getClientInfo } from '@/lib/auth/request';
import { endSession } from '@/lib/auth/session';

export async function signOutAction(): Promise<never> {
  await endSession(await readSessionCookies(), await getClientInfo());
  await deleteSessionCookies();
  redirect('/login');
}
