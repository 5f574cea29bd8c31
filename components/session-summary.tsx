import { Fragment, type ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { getTimeFormat } from '@/lib/i18n/format-time';
import { getDeviceWords } from '@/lib/request/device-words';
import { describeDevice } from '@/lib/request/user-agent';

type Session = { userAgent: string | null; ip: string | null; createdAt: Date; lastActiveAt: Date };

/** A session's device, address and times, as listed on the devices and admin pages. */
export async function SessionSummary({ session, badge }: { session: Session; badge?: ReactNode }) {
  const [t, format, words] = await Promise.all([getTranslations('sessions'), getTimeFormat(), getDeviceWords()]);
  const moment = (date: Date) =>
    function Moment() {
      return <time dateTime={date.toISOString()}>{format(date)}</time>;
    };
  const facts: ReactNode[] = [
    t('ip', { ip: session.ip ?? t('unknownIp') }),
    t.rich('signedIn', { time: moment(session.createdAt) }),
    t.rich('lastActive', { time: moment(session.lastActiveAt) }),
  ];
  return (
    <div>
      <p className="device">
        {describeDevice(session.userAgent, words)}
        {badge && <> {badge}</>}
      </p>
      <p className="meta">
        {facts.map((fact, index) => (
          <Fragment key={index}>
            {index > 0 && ' · '}
            {fact}
          </Fragment>
        ))}
      </p>
    </div>
  );
}
