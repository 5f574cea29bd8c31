'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { TIME_ZONE_COOKIE } from '@/lib/i18n/locales';

const YEAR = 365 * 24 * 3600;

/**
 * Tells the server the browser's time zone (a cookie, read by lib/i18n/request-locale.ts), so
 * pages render times in it. The first page that shows a time is rendered again once; after that
 * the server knows. Without JavaScript, times stay in UTC and say so.
 */
export function TimeZoneSync({ serverTimeZone }: { serverTimeZone: string }) {
  const router = useRouter();
  useEffect(() => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!timeZone || timeZone === serverTimeZone) return;
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; Path=/; Max-Age=${YEAR}; SameSite=Lax${secure}`;
    if (document.querySelector('time[datetime]')) router.refresh();
  }, [serverTimeZone, router]);
  return null;
}
