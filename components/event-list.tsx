import { describeEvent } from '@/lib/audit';
import { Time } from './time';

type Event = { id: string; type: string; ip: string | null; userAgent: string | null; detail?: unknown; createdAt: Date };

/** Audit events in plain words with their time, as listed on the activity and admin pages. */
export async function EventList({ events }: { events: Event[] }) {
  const sentences = await Promise.all(events.map(describeEvent));
  return (
    <ol className="events">
      {events.map((event, index) => (
        <li key={event.id} data-testid="event">
          <span>{sentences[index]}</span>
          <Time date={event.createdAt} />
        </li>
      ))}
    </ol>
  );
}
