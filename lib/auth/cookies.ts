import 'server-only';
import { cookies } from 'next/headers';
import { getConfig } from '../config';
import { DEVICE_TOKEN_TTL_SECONDS, MAX_DEVICE_TOKENS, keepDeviceToken } from './device-tokens';
import { MFA_CHALLENGE_TTL_SECONDS } from './mfa-challenge';
import { PASSKEY_CHALLENGE_TTL_SECONDS } from './passkey-challenge';
import { LOCALE_COOKIE, type Locale } from '../i18n/locales';
import { PROVIDER_FLOW_TTL_SECONDS } from './provider-flow';
import type { SessionTokens } from './session-tokens';

// Every cookie Latchkey writes is described here, with its flags beside it.
//  - HttpOnly: page scripts (and so XSS) cannot read either token.
//  - SameSite=Lax: not sent on cross-site POSTs, so a forged form cannot act as the user.
//  - Secure and the __Host- prefix on https: the browser refuses the cookie over http and from
//    subdomains, and pins Path=/ with no Domain.
// Both cookies use Path=/: middleware refreshes sessions on every page (see docs/security.md), and
// __Host- cookies must have Path=/.
// A third cookie, latchkey_mfa, carries the 5-minute challenge between the password and the
// second factor (mfa-challenge.ts), with the same flags.
// A fourth, latchkey_device, holds the device tokens of the accounts this browser signed in to
// (device-tokens.ts), newest first, one per account, at most 5, joined by `~` (JWTs never
// contain it), with the same flags and a year's Max-Age renewed at every sign-in. It is no
// session: signing out leaves it, so the browser stays known to the accounts it signed in to.
// A fifth, latchkey_passkey, holds the challenge of the passkey ceremony under way
// (passkey-challenge.ts) for its 5 minutes, with the same flags: the answer is checked against
// the challenge this browser was given, and a new ceremony replaces it.
// A sixth, latchkey_oauth, holds a sign-in provider round trip (provider-flow.ts) for its 10
// minutes, with the same flags: SameSite=Lax still sends it on the provider's top-level redirect
// back to the callback.
// A seventh, latchkey_lang, holds the language picked with the footer's switcher (lib/i18n), a
// year, same flags. Its name is documented for operators, so it has no __Host- prefix; it holds
// no secret. The browser writes an eighth itself, latchkey_tz: its time zone (components/local-time.tsx).

export type CookieWrite = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; maxAge?: number; expires?: Date };
};

export function cookieNames(secure = getConfig().secureCookies) {
  const prefix = secure ? '__Host-' : '';
  return {
    access: `${prefix}latchkey_access`,
    refresh: `${prefix}latchkey_refresh`,
    mfa: `${prefix}latchkey_mfa`,
    device: `${prefix}latchkey_device`,
    passkey: `${prefix}latchkey_passkey`,
    providerFlow: `${prefix}latchkey_oauth`,
  };
}

function baseOptions() {
  return { httpOnly: true, sameSite: 'lax', secure: getConfig().secureCookies, path: '/' } as const;
}

/** The cookies that hold a session's tokens (used by Server Actions and by middleware). */
export function sessionCookies(tokens: SessionTokens): CookieWrite[] {
  const names = cookieNames();
  return [
    { name: names.access, value: tokens.accessToken, options: { ...baseOptions(), maxAge: getConfig().accessTokenTtl } },
    { name: names.refresh, value: tokens.refreshToken, options: { ...baseOptions(), expires: tokens.refreshExpiresAt } },
  ];
}

/** Cookie writes that remove both tokens. */
export function clearedSessionCookies(): CookieWrite[] {
  const { access, refresh } = cookieNames();
  return [access, refresh].map((name) => ({ name, value: '', options: { ...baseOptions(), maxAge: 0 } }));
}

/** The session's cookies and, after a new sign-in, the device token beside the browser's others. */
export async function setSessionCookies(tokens: SessionTokens): Promise<void> {
  const jar = await cookies();
  for (const cookie of sessionCookies(tokens)) jar.set(cookie.name, cookie.value, cookie.options);
  if (tokens.deviceToken) {
    const kept = await keepDeviceToken(await readDeviceCookie(), tokens.deviceToken);
    jar.set(cookieNames().device, kept.join(DEVICE_TOKEN_SEPARATOR), { ...baseOptions(), maxAge: DEVICE_TOKEN_TTL_SECONDS });
  }
}

export async function deleteSessionCookies(): Promise<void> {
  const jar = await cookies();
  for (const cookie of clearedSessionCookies()) jar.set(cookie.name, cookie.value, cookie.options);
}

export async function readSessionCookies(): Promise<{ accessToken: string | null; refreshToken: string | null }> {
  const jar = await cookies();
  const names = cookieNames();
  return { accessToken: jar.get(names.access)?.value ?? null, refreshToken: jar.get(names.refresh)?.value ?? null };
}

const DEVICE_TOKEN_SEPARATOR = '~';

/** The device tokens this browser holds, newest first; unverified. */
export async function readDeviceCookie(): Promise<string[]> {
  const value = (await cookies()).get(cookieNames().device)?.value ?? '';
  return value.split(DEVICE_TOKEN_SEPARATOR).filter((token) => token !== '').slice(0, MAX_DEVICE_TOKENS);
}

/** Holds the second-factor challenge after a correct password; it expires with the challenge. */
export async function setMfaChallengeCookie(challenge: string): Promise<void> {
  (await cookies()).set(cookieNames().mfa, challenge, { ...baseOptions(), maxAge: MFA_CHALLENGE_TTL_SECONDS });
}

export async function readMfaChallengeCookie(): Promise<string | null> {
  return (await cookies()).get(cookieNames().mfa)?.value ?? null;
}

export async function deleteMfaChallengeCookie(): Promise<void> {
  (await cookies()).set(cookieNames().mfa, '', { ...baseOptions(), maxAge: 0 });
}

/** Holds the challenge of a passkey ceremony; it expires with the challenge. */
export async function setPasskeyChallengeCookie(token: string): Promise<void> {
  (await cookies()).set(cookieNames().passkey, token, { ...baseOptions(), maxAge: PASSKEY_CHALLENGE_TTL_SECONDS });
}

/** The challenge token of the ceremony under way, taken out of the cookie: each is answered once. */
export async function takePasskeyChallengeCookie(): Promise<string | null> {
  return takeCookie(cookieNames().passkey);
}

async function takeCookie(name: string): Promise<string | null> {
  const jar = await cookies();
  const value = jar.get(name)?.value ?? null;
  if (value !== null) jar.set(name, '', { ...baseOptions(), maxAge: 0 });
  return value;
}

/** Holds a provider round trip while the browser is at the provider. */
export async function setProviderFlowCookie(token: string): Promise<void> {
  (await cookies()).set(cookieNames().providerFlow, token, { ...baseOptions(), maxAge: PROVIDER_FLOW_TTL_SECONDS });
}

/** The round trip's token, taken out of the cookie: a callback is accepted once. */
export async function takeProviderFlowCookie(): Promise<string | null> {
  return takeCookie(cookieNames().providerFlow);
}

const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** Remembers the language a visitor picked, signed in or not. */
export async function setLocaleCookie(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, { ...baseOptions(), maxAge: LOCALE_COOKIE_MAX_AGE });
}
