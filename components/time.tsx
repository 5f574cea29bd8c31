import { getTimeFormat } from '@/lib/i18n/format-time';

/** A moment on a page, in the visitor's language and time zone, machine-readable too. */
export async function Time({ date }: { date: Date }) {
  const format = await getTimeFormat();
  return <time dateTime={date.toISOString()}>{format(date)}</time>;
}
