import 'server-only';
import { getFormatter } from 'next-intl/server';
import type { DateTimeFormatOptions } from 'next-intl';

// How Latchkey shows a moment: the reader's language and time zone, the zone named so a time is
// never ambiguous ("Nov 28, 2026, 1:35 AM GMT+1", "28. Nov. 2026, 01:35 MEZ"). Pages learn the
// browser's zone from components/time-zone-sync.tsx; mail says UTC.
export const MOMENT: DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** Formats moments for the page being rendered, in its visitor's language and time zone. */
export async function getTimeFormat(): Promise<(date: Date) => string> {
  const format = await getFormatter();
  return (date) => format.dateTime(date, MOMENT);
}
