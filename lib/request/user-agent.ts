import Bowser from 'bowser';

/** The words a device's name is made of, in one language (pages: getDeviceWords in lib/request/device-words.ts). */
export type DeviceWords = {
  unknownDevice: string;
  unknownBrowser: string;
  browserOnOs: (browser: string, os: string) => string;
};

// English: what mail, the passkey's default name and the new-device check use until told otherwise.
const ENGLISH: DeviceWords = {
  unknownDevice: 'Unknown device',
  unknownBrowser: 'Unknown browser',
  browserOnOs: (browser, os) => `${browser} on ${os}`,
};

/** "Chrome on Linux", "Firefox on macOS": how the devices page names a session's browser. */
export function describeDevice(userAgent: string | null, words: DeviceWords = ENGLISH): string {
  if (!userAgent) return words.unknownDevice;
  const { browser, os } = Bowser.parse(userAgent);
  const browserName = browser.name || words.unknownBrowser;
  return os.name ? words.browserOnOs(browserName, os.name) : browserName;
}
