import { NextResponse } from 'next/server';
import { getCurrentSession } from '@/lib/accounts/dal';
import { endSession } from '@/lib/accounts/sessions';
import { clearedSessionCookies, readSessionCookies } from '@/lib/auth/cookies';
import { readParams } from '@/lib/api/params';
import { getConfig } from '@/lib/config';
import { getClientInfo } from '@/lib/request/current';
import { mayEndWithoutAsking, parseLogoutRequest } from '@/lib/oauth/end-session';
import { SIGN_OUT_PAGE } from '@/lib/oauth/discovery';

// RP-Initiated Logout 1.0 end_session_endpoint (lib/oauth/end-session.ts), by GET or by a form
// POST; answered 303 so a POST is never repeated at the app.
async function handle(params: URLSearchParams): Promise<Response> {
  const to = (location: string) => NextResponse.redirect(new URL(location, getConfig().appUrl), 303);
  const parsed = await parseLogoutRequest(params);
  if (!parsed.ok) return to(`${SIGN_OUT_PAGE}?${new URLSearchParams({ problem: parsed.error })}`);
  const session = await getCurrentSession();
  if (!mayEndWithoutAsking(parsed.request, session?.user.id ?? null)) return to(`${SIGN_OUT_PAGE}?${params}`);
  if (session) await endSession(await readSessionCookies(), await getClientInfo());
  const response = to(parsed.request.returnTo ?? `${SIGN_OUT_PAGE}?done=1`);
  for (const cookie of clearedSessionCookies()) response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

export async function GET(request: Request): Promise<Response> {
  return handle(new URL(request.url).searchParams);
}

export async function POST(request: Request): Promise<Response> {
  const read = await readParams(request);
  return handle(new URLSearchParams(read.ok ? [...read.params] : []));
}
