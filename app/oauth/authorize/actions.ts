'use server';

import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/accounts/dal';
import { endSession } from '@/lib/accounts/sessions';
import { deleteSessionCookies, readSessionCookies } from '@/lib/auth/cookies';
import { getClientInfo } from '@/lib/request/current';
import { allowAuthorization, denyAuthorization, signInPath } from '@/lib/oauth/approval';
import { type AuthorizationRequest, parseAuthorizationRequest } from '@/lib/oauth/authorize';
import { AUTHORIZE_PATH } from '@/lib/oauth/discovery';

// The consent screen's and the sign-in-again screen's buttons. Each form carries the
// authorization request, which is checked again here as if it had just arrived.

/** The request the form carries, or off to the authorization page to show what is wrong with it. */
async function requestOf(form: FormData): Promise<AuthorizationRequest> {
  const query = String(form.get('request') ?? '');
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) values[name] = name in values ? [values[name]!, value].flat() : value;
  const parsed = await parseAuthorizationRequest(values);
  if (!parsed.ok) redirect('redirectTo' in parsed ? parsed.redirectTo : `${AUTHORIZE_PATH}?${query}`);
  return parsed.request;
}

export async function consentAction(form: FormData): Promise<void> {
  const request = await requestOf(form);
  const session = await getCurrentSession();
  if (!session) redirect(signInPath(request));
  if (form.get('decision') !== 'allow') redirect(denyAuthorization(request));
  redirect(await allowAuthorization(request, session, await getClientInfo()));
}

/** prompt=login or max_age: this browser's session ends, and the user signs in afresh. */
export async function signInAgainAction(form: FormData): Promise<void> {
  const request = await requestOf(form);
  await endSession(await readSessionCookies(), await getClientInfo());
  await deleteSessionCookies();
  redirect(signInPath(request));
}
