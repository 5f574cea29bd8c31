import { cookies } from 'next/headers';
import { getConfig } from '../config';
import type { SessionTokens } from './session';

// Every cookie Latchkey writes is written here, with its flags beside it.
//  - HttpOnly: page scripts (and so XSS) cannot read either token.
//  - SameSite=Lax: not sent on cross-site POSTs, so a forged form cannot act as the user.
//  - Secure and the __Host- prefix on https: the browser refuses the cookie over http and from
//    subdomains, and pins Path=/ with no Domain.
// Both cookies use Path=/: middleware refreshes sessions on every protected path (see README),
// and __Host- cookies must have Path=/.

export function cookieNames(secure = getConfig().secureCookies) {
  const prefix = secure ? '__Host-' : '';
  return { access: `${prefix}latchkey_access`, refresh: `${prefix}latchkey_refresh` };
}

function baseOptions() {
  return { httpOnly: true, sameSite: 'lax', secure: getConfig().secureCookies, path: '/' } as const;
}

export async function setSessionCookies(tokens: SessionTokens): Promise<void> {
  const jar = await cookies();
  const names = cookieNames();
  jar.set(names.access, tokens.accessToken, { ...baseOptions(), maxAge: getConfig().accessTokenTtl });
  jar.set(names.refresh, tokens.refreshToken, { ...baseOptions(), expires: tokens.refreshExpiresAt });
}

export async function deleteSessionCookies(): Promise<void> {
  const jar = await cookies();
  for (const name of Object.values(cookieNames())) jar.set(name, '', { ...baseOptions(), maxAge: 0 });
}

export async function readSessionCookies(): Promise<{ accessToken: string | null; refreshToken: string | null }> {
  const jar = await cookies();
  const names = cookieNames();
  return { accessToken: jar.get(names.access)?.value ?? null, refreshToken: jar.get(names.refresh)?.value ?? null };
}
