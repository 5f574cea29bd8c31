import 'server-only';
import { headers } from 'next/headers';
import { type ClientInfo, clientInfoFrom } from './client-info';
import { readDeviceCookie } from '../auth/cookies';

/** The browser, address and device tokens of the request being handled (pages and Server Actions). */
export async function getClientInfo(): Promise<ClientInfo> {
  return { ...clientInfoFrom(await headers()), deviceTokens: await readDeviceCookie() };
}
