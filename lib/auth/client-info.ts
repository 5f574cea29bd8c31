/** The browser and address a request came from, as shown on the devices and activity pages. */
export type ClientInfo = { userAgent: string | null; ip: string | null };

export function clientInfoFrom(list: Headers): ClientInfo {
  // The first X-Forwarded-For hop is the client as the nearest proxy (or Next.js itself) saw it.
  // It is informational only: nothing is authorised by it.
  const forwarded = list.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = forwarded || list.get('x-real-ip') || null;
  return { userAgent: list.get('user-agent')?.slice(0, 512) ?? null, ip: ip?.slice(0, 64) ?? null };
}
