import Bowser from 'bowser';

/** "Chrome on Linux", "Firefox on macOS": how the devices page names a session's browser. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = Bowser.parse(userAgent);
  const browserName = browser.name || 'Unknown browser';
  return os.name ? `${browserName} on ${os.name}` : browserName;
}
