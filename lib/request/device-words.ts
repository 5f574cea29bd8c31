import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { DeviceWords } from './user-agent';

/** The words of describeDevice in the language of the page being rendered ("Chrome unter Linux"). */
export async function getDeviceWords(): Promise<DeviceWords> {
  const t = await getTranslations('devices');
  return {
    unknownDevice: t('unknownDevice'),
    unknownBrowser: t('unknownBrowser'),
    browserOnOs: (browser, os) => t('browserOnOs', { browser, os }),
  };
}
