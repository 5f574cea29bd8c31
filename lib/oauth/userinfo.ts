import 'server-only';
import { getDb } from '../db';
import { isLive } from '../accounts/live-sessions';
import { verifyAppAccessToken } from '../auth/app-tokens';

// The UserInfo endpoint (OpenID Connect Core 1.0 section 5.3): the claims an app's access token
// may read, by the scopes of its grant (section 5.4). The grant is read from the database on
// every call, so a revoked grant, a disabled app or a disabled account answers at once.

export type UserInfo = Record<string, string | number | boolean>;

export async function userInfo(accessToken: string): Promise<UserInfo | null> {
  const claims = await verifyAppAccessToken(accessToken);
  if (!claims) return null;
  const db = await getDb();
  const grant = await db.session.findUnique({
    where: { id: claims.grantId },
    select: {
      clientId: true,
      userId: true,
      scopes: true,
      revokedAt: true,
      expiresAt: true,
      lastActiveAt: true,
      client: { select: { disabledAt: true } },
      user: { select: { email: true, emailVerifiedAt: true, locale: true, updatedAt: true, disabledAt: true } },
    },
  });
  const usable =
    grant && isLive(grant, new Date()) && grant.clientId === claims.clientId && grant.userId === claims.userId && !grant.client?.disabledAt && !grant.user.disabledAt;
  if (!usable || !grant.scopes.includes('openid')) return null;
  const { user, scopes } = grant;
  return {
    sub: claims.userId,
    ...(scopes.includes('email') ? { email: user.email, email_verified: user.emailVerifiedAt !== null } : {}),
    ...(scopes.includes('profile') ? { updated_at: Math.floor(user.updatedAt.getTime() / 1000), ...(user.locale ? { locale: user.locale } : {}) } : {}),
  };
}
