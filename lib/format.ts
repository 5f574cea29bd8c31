/** A date as people read it on Latchkey's pages: "Nov 25, 2026, 2:35 PM UTC". */
export function formatTime(date: Date): string {
  return `${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}
