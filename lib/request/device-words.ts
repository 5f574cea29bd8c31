import 'server-only';
import { getLocale } from 'next-intl/server';
import type { Locale } from '../i18n/locales';
import { translator } from '../i18n/translator';
import type { DeviceWords } from './user-agent';

/** The words of describeDevice in one language ("Chrome on Linux", "Chrome unter Linux"). */
export function deviceWordsIn(locale: Locale): DeviceWords {
  const t = translator(locale);
  return {
    unknownDevice: t('devices.unknownDevice'),
    unknownBrowser: t('devices.unknownBrowser'),
    browserOnOs: (browser, os) => t('devices.browserOnOs', { browser, os }),
  };
}

/** The same in the language of the page being rendered. */
export async function getDeviceWords(): Promise<DeviceWords> {
  return deviceWordsIn(await getLocale());
}
