import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { getConfig } from '../config';
import { getDb } from '../db';
import type { Prisma } from '../db/generated/client';
import { type Role, signAccessToken, verifyAccessToken } from './tokens';

// A session is one sign-in on one device. Its id is the `sid` claim of every access token issued
// for it, so revoking the row ends the session at the next request, whatever the JWT's expiry.

export type ClientInfo = { userAgent: string | null; ip: string | null };

export type SessionTokens = {
  accessToken: string;
  refreshToken: string;
  /** When the refresh token, and with it the session, ends. */
  refreshExpiresAt: Date;
};

export type SessionUser = { id: string; email: string; role: Role };

export type ValidSession = { sessionId: string; user: SessionUser };

/** 256 random bits. The database keeps only its SHA-256, so a leaked table holds no usable token. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session for a user. Pass a transaction client to make it part of a larger change. */
export async function createSession(
  tx: Prisma.TransactionClient,
  user: { id: string; role: Role },
  client: ClientInfo,
): Promise<SessionTokens> {
  const sessionId = randomUUID();
  const refreshToken = generateRefreshToken();
  const refreshExpiresAt = new Date(Date.now() + getConfig().refreshTokenTtl * 1000);
  await tx.session.create({
    data: {
      id: sessionId,
      userId: user.id,
      userAgent: client.userAgent,
      ip: client.ip,
      expiresAt: refreshExpiresAt,
      refreshTokens: { create: { tokenHash: hashToken(refreshToken), expiresAt: refreshExpiresAt } },
    },
  });
  const accessToken = await signAccessToken({ userId: user.id, sessionId, role: user.role });
  return { accessToken, refreshToken, refreshExpiresAt };
}

/**
 * The full check behind every protected page, action and route: the token verifies, its session
 * is active in the database, and its user exists with the role the token claims.
 */
export async function validateAccessToken(token: string): Promise<ValidSession | null> {
  const claims = await verifyAccessToken(token);
  if (!claims) return null;
  const db = await getDb();
  const session = await db.session.findUnique({
    where: { id: claims.sessionId },
    select: { userId: true, expiresAt: true, revokedAt: true, user: { select: { id: true, email: true, role: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date()) return null;
  if (session.userId !== claims.userId || session.user.role !== claims.role) return null;
  return { sessionId: claims.sessionId, user: session.user };
}

/** Ends a session and every refresh token in it. Ending an ended session changes nothing. */
export async function revokeSession(sessionId: string): Promise<void> {
  const db = await getDb();
  const now = new Date();
  await db.$transaction([
    db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } }),
    db.refreshToken.updateMany({ where: { sessionId, revokedAt: null }, data: { revokedAt: now } }),
  ]);
}

/** The session a refresh token belongs to, if the token is known. */
export async function findSessionIdByRefreshToken(refreshToken: string): Promise<string | null> {
  const db = await getDb();
  const row = await db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) }, select: { sessionId: true } });
  return row?.sessionId ?? null;
}

/** Signs out: ends the session named by the access token or, if that has expired, by the refresh token. */
export async function endSession(tokens: { accessToken: string | null; refreshToken: string | null }): Promise<void> {
  const claims = tokens.accessToken ? await verifyAccessToken(tokens.accessToken) : null;
  const sessionId = claims?.sessionId ?? (tokens.refreshToken ? await findSessionIdByRefreshToken(tokens.refreshToken) : null);
  if (sessionId) await revokeSession(sessionId);
}
