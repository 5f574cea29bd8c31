import { describeEvent } from '@/lib/audit';
import { formatTime } from '@/lib/format';

type Event = { id: string; type: string; ip: string | null; userAgent: string | null; detail?: unknown; createdAt: Date };

/** Audit events in plain words with their time, as listed on the activity and admin pages. */
export function EventList({ events }: { events: Event[] }) {
  return (
    <ol className="events">
      {events.map((event) => (
        <li key={event.id} data-testid="event">
          <span>{describeEvent(event)}</span>
          <time dateTime={event.createdAt.toISOString()}>{formatTime(event.createdAt)}</time>
        </li>
      ))}
    </ol>
  );
}
