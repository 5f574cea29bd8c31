import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { getSessionIfReachable } from '../accounts/dal';
import { getConfig } from '../config';
import { LOCALE_COOKIE, type Locale, TIME_ZONE_COOKIE, validTimeZone } from './locales';
import { resolveLocale } from './resolve-locale';

// The language and time zone of the page being rendered or the Server Action being run.

export const requestLocale = cache(async (): Promise<Locale> => {
  const [{ session }, cookieStore, headerList] = await Promise.all([getSessionIfReachable(), cookies(), headers()]);
  return resolveLocale({
    saved: session?.user.locale,
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get('accept-language'),
    fallback: getConfig().defaultLocale,
  });
});

/** The browser's time zone once it has told us (components/local-time.tsx), else UTC, said as such. */
export async function requestTimeZone(): Promise<string> {
  return validTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value) ?? 'UTC';
}
