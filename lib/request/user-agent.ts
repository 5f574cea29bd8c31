import Bowser from 'bowser';

/** The words a device's name is made of, in one language (lib/request/device-words.ts). */
export type DeviceWords = {
  unknownDevice: string;
  unknownBrowser: string;
  browserOnOs: (browser: string, os: string) => string;
};

/** "Chrome on Linux", "Firefox on macOS": how the devices page names a session's browser. */
export function describeDevice(userAgent: string | null, words: DeviceWords): string {
  if (!userAgent) return words.unknownDevice;
  const { browser, os } = Bowser.parse(userAgent);
  const browserName = browser.name || words.unknownBrowser;
  return os.name ? words.browserOnOs(browserName, os.name) : browserName;
}
