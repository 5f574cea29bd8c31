import type { DateTimeFormatOptions } from 'next-intl';

// How Latchkey shows a moment: the reader's language and time zone, the zone named so a time is
// never ambiguous ("Nov 28, 2026, 1:35 AM GMT+1", "28. Nov. 2026, 01:35 MEZ"). Pages learn the
// browser's zone from components/time-zone-sync.tsx (./format-time.ts); mail says UTC
// (mailFormatter in ./translator.ts). A plain module, so mail can use it outside a request.
export const MOMENT: DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};
