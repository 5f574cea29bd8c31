import 'server-only';
import { getDb } from '../db';
import { verifyAppAccessToken } from '../auth/app-tokens';
import { parseRefreshToken } from '../auth/refresh-token';
import { type AppClient, endClientGrants } from './clients';

/**
 * RFC 7009 section 2.1: an app revokes one of its own tokens. An access token or a refresh token
 * ends the whole grant it belongs to, so the other stops working too (section 2.1 allows and
 * encourages it). A token of another app, or not a token at all, changes nothing; the endpoint
 * answers the same either way (section 2.2).
 */
export async function revokeAppToken(token: string, client: AppClient): Promise<void> {
  const grantId = (await verifyAppAccessToken(token))?.grantId;
  const tag = parseRefreshToken(token)?.tag;
  if (!grantId && !tag) return;
  const db = await getDb();
  await db.$transaction((tx) => endClientGrants(tx, { clientId: client.id, ...(grantId ? { id: grantId } : { refreshTag: tag }) }));
}
