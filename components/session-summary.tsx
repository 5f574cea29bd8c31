import type { ReactNode } from 'react';
import { describeDevice } from '@/lib/request/user-agent';
import { formatTime } from '@/lib/format';

type Session = { userAgent: string | null; ip: string | null; createdAt: Date; lastActiveAt: Date };

/** A session's device, address and times, as listed on the devices and admin pages. */
export function SessionSummary({ session, badge }: { session: Session; badge?: ReactNode }) {
  return (
    <div>
      <p className="device">
        {describeDevice(session.userAgent)}
        {badge && <> {badge}</>}
      </p>
      <p className="meta">
        IP {session.ip ?? 'unknown'} · Signed in {formatTime(session.createdAt)} · Last active {formatTime(session.lastActiveAt)}
      </p>
    </div>
  );
}
