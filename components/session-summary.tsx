import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { getTimeFormat } from '@/lib/i18n/format-time';
import { getDeviceWords } from '@/lib/request/device-words';
import { describeDevice } from '@/lib/request/user-agent';

type Session = { userAgent: string | null; ip: string | null; createdAt: Date; lastActiveAt: Date };

/** A session's device, address and times, as listed on the devices and admin pages. */
export async function SessionSummary({ session, badge }: { session: Session; badge?: ReactNode }) {
  const [t, format, words] = await Promise.all([getTranslations('sessions'), getTimeFormat(), getDeviceWords()]);
  const facts = [
    t('ip', { ip: session.ip ?? t('unknownIp') }),
    t('signedIn', { time: format(session.createdAt) }),
    t('lastActive', { time: format(session.lastActiveAt) }),
  ];
  return (
    <div>
      <p className="device">
        {describeDevice(session.userAgent, words)}
        {badge && <> {badge}</>}
      </p>
      <p className="meta">{facts.join(' · ')}</p>
    </div>
  );
}
