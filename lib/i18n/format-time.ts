import 'server-only';
import { getFormatter } from 'next-intl/server';
import { MOMENT } from './moment';

/** Formats moments for the page being rendered, in its visitor's language and time zone. */
export async function getTimeFormat(): Promise<(date: Date) => string> {
  const format = await getFormatter();
  return (date) => format.dateTime(date, MOMENT);
}
