'use server';

import { redirect } from 'next/navigation';
import { endSession } from '@/lib/accounts/sessions';
import { deleteSessionCookies, readSessionCookies } from '@/lib/auth/cookies';
import { getClientInfo } from '@/lib/request/current';
import { parseLogoutRequest } from '@/lib/oauth/end-session';
import { SIGN_OUT_PAGE } from '@/lib/oauth/discovery';

/** The user confirmed an app's sign-out request: this browser's session ends, then back to the app if it may be. */
export async function signOutForAppAction(form: FormData): Promise<void> {
  const parsed = await parseLogoutRequest(new URLSearchParams(String(form.get('request') ?? '')));
  await endSession(await readSessionCookies(), await getClientInfo());
  await deleteSessionCookies();
  redirect(parsed.ok && parsed.request.returnTo ? parsed.request.returnTo : `${SIGN_OUT_PAGE}?done=1`);
}
