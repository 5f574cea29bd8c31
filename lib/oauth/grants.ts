import 'server-only';
import { getConfig } from '../config';
import { getDb } from '../db';
import type { ClientInfo } from '../request/client-info';
import { isLive } from '../accounts/live-sessions';
import { type RotatedGrant, createAppGrant, refreshAppGrant } from '../accounts/sessions';
import { signAppAccessToken, signIdToken } from '../auth/app-tokens';
import { type AppClient, endClientGrants } from './clients';
import { hashCode, verifierMatches } from './codes';

// What the token endpoint gives an app (RFC 6749 section 4.1.3 and 6, OpenID Connect Core 1.0
// sections 3.1.3 and 12): an authorization code exchanged for a grant, and a grant's refresh
// token rotated. Client authentication happened before (lib/api/oauth.ts, clients.ts).

export type AppTokens = {
  accessToken: string;
  idToken: string;
  /** With offline_access only. */
  refreshToken: string | null;
  scopes: string[];
  expiresIn: number;
};

export type AppGrantResult = { ok: true; tokens: AppTokens } | { ok: false; error: AppGrantRefusal };

// Each is answered invalid_grant with its own sentence (lib/api/messages.ts).
export type AppGrantRefusal = 'bad_code' | 'code_reused' | 'code_expired' | 'redirect_uri_mismatch' | 'pkce_mismatch' | 'bad_refresh_token';

const refused = (error: AppGrantRefusal): AppGrantResult => ({ ok: false, error });

/**
 * RFC 6749 section 4.1.3: the code, issued to this client, unexpired, with the redirect URI it was
 * issued for and the PKCE verifier of its challenge. It is claimed in the transaction that creates
 * the grant, so of two exchanges racing each other one wins, and the other, like any later one,
 * revokes what the code gave (section 10.5).
 */
export async function exchangeCode(
  exchange: { code: string; redirectUri: string; codeVerifier: string },
  client: AppClient,
  requestClient: ClientInfo,
): Promise<AppGrantResult> {
  const db = await getDb();
  const row = await db.authorizationCode.findUnique({ where: { codeHash: hashCode(exchange.code) } });
  if (!row || row.clientId !== client.id) return refused('bad_code');
  if (row.usedAt) return revokeReused(row.id, client.id);
  const now = new Date();
  if (row.expiresAt <= now) return refused('code_expired');
  if (row.redirectUri !== exchange.redirectUri) return refused('redirect_uri_mismatch');
  if (!verifierMatches(exchange.codeVerifier, row.codeChallenge)) return refused('pkce_mismatch');

  const created = await db.$transaction(async (tx) => {
    const { count } = await tx.authorizationCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (count === 0) return 'reused' as const;
    // Signed out, or disabled, since approving: the code goes with the session that approved it.
    const approver = await tx.session.findUnique({
      where: { id: row.browserSessionId },
      select: { revokedAt: true, expiresAt: true, lastActiveAt: true, user: { select: { disabledAt: true } } },
    });
    if (!approver || !isLive(approver, now) || approver.user.disabledAt) return 'ended' as const;
    const grant = await createAppGrant(
      tx,
      { userId: row.userId, clientId: client.id, scopes: row.scopes, amr: row.amr, authenticatedAt: row.authTime, offline: row.scopes.includes('offline_access') },
      requestClient,
    );
    await tx.authorizationCode.update({ where: { id: row.id }, data: { grantSessionId: grant.grantId } });
    return grant;
  });
  if (created === 'reused') return revokeReused(row.id, client.id);
  if (created === 'ended') return refused('bad_code');

  const user = await db.user.findUniqueOrThrow({ where: { id: row.userId }, select: { email: true, emailVerifiedAt: true } });
  return {
    ok: true,
    tokens: await mintAppTokens({
      grantId: created.grantId,
      clientId: client.id,
      user: { id: row.userId, email: user.email, emailVerified: user.emailVerifiedAt !== null },
      scopes: row.scopes,
      amr: row.amr,
      authTime: row.authTime,
      nonce: row.nonce,
      refreshToken: created.refreshToken,
    }),
  };
}

async function revokeReused(codeId: string, clientId: string): Promise<AppGrantResult> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const code = await tx.authorizationCode.findUniqueOrThrow({ where: { id: codeId }, select: { grantSessionId: true } });
    if (code.grantSessionId) await endClientGrants(tx, { clientId, id: code.grantSessionId });
  });
  return refused('code_reused');
}

/** RFC 6749 section 6: a grant's refresh token, rotated with reuse detection like a session's. */
export async function refreshGrant(refreshToken: string, client: AppClient, requestClient: ClientInfo): Promise<AppGrantResult> {
  const rotation = await refreshAppGrant(refreshToken, client.id, requestClient);
  if (!rotation.ok) return refused('bad_refresh_token');
  return { ok: true, tokens: await mintAppTokens(fromRotation(rotation.grant, client.id)) };
}

function fromRotation(grant: RotatedGrant, clientId: string): MintInput {
  const { grantId, user, scopes, amr, authenticatedAt, refreshToken } = grant;
  // OpenID Connect Core 12.2: a refreshed ID token carries no nonce.
  return { grantId, clientId, user, scopes, amr, authTime: authenticatedAt, nonce: null, refreshToken };
}

type MintInput = {
  grantId: string;
  clientId: string;
  user: { id: string; email: string; emailVerified: boolean };
  scopes: string[];
  amr: string[];
  authTime: Date;
  nonce: string | null;
  refreshToken: string | null;
};

async function mintAppTokens(input: MintInput): Promise<AppTokens> {
  const { grantId, clientId, user, scopes, amr, authTime, nonce, refreshToken } = input;
  const [accessToken, idToken] = await Promise.all([
    signAppAccessToken({ userId: user.id, clientId, grantId, scopes }),
    signIdToken({
      userId: user.id,
      clientId,
      authTime,
      amr,
      nonce,
      ...(scopes.includes('email') ? { email: { email: user.email, verified: user.emailVerified } } : {}),
    }),
  ]);
  return { accessToken, idToken, refreshToken, scopes, expiresIn: getConfig().accessTokenTtl };
}
