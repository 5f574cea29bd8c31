/**
 * The browser and address a request came from, as shown on the devices and activity pages, and
 * the device tokens it holds (device-tokens.ts): they change how its password attempts are
 * counted, never what it may do.
 */
export type ClientInfo = { userAgent: string | null; ip: string | null; deviceTokens?: readonly string[] };

export function clientInfoFrom(list: Headers): ClientInfo {
  // X-Forwarded-For holds exactly the trusted address by now (client-address.ts). It limits
  // attempts and is shown to users; it never authorises anything.
  const ip = list.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
  return { userAgent: list.get('user-agent')?.slice(0, 512) ?? null, ip: ip?.slice(0, 64) ?? null };
}
