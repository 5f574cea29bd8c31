import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordEvent } from '../audit';
import { sendSecurityNotice } from '../mail/notices';
import { getConfig } from '../config';
import { getDb } from '../db';
import { getMetrics } from '../metrics/registry';
import { isUuid } from '../db/uuid';
import type { Prisma } from '../db/generated/client';
import type { ClientInfo } from '../request/client-info';
import { signDeviceToken } from '../auth/device-tokens';
import { idleCutoff, isLive, liveSessionWhere } from './live-sessions';
import { type SessionRecord, readSessionRecord } from './session-cache';
import { announceSessionChange } from './session-changes';
import { generateRefreshTag, generateRefreshToken, hashToken, parseRefreshToken, successorOf } from '../auth/refresh-token';
import { type Role, signAccessToken, verifyAccessToken } from '../auth/tokens';
import type { SessionTokens } from '../auth/session-tokens';

// A session is one sign-in on one device. Its id is the `sid` claim of every access token issued
// for it, so revoking the row ends the session at the next request, whatever the JWT's expiry.
// It lives until REFRESH_TOKEN_TTL after sign-in (absolute) or SESSION_IDLE_TTL after its last
// refresh (idle), whichever comes first.
// An app's grant (Latchkey as an OpenID Connect provider, lib/oauth/) is a session too, with
// clientId set: its refresh tokens rotate the same way, but only for that client, and its tokens
// are minted by lib/oauth, never as the user's own access token.

export type SessionUser = { id: string; email: string; role: Role; emailVerified: boolean; locale: string | null };

export type ValidSession = { sessionId: string; user: SessionUser };

type Refused =
  // invalid: not a token of a live session (malformed, unknown, revoked, stale after a password
  // change, or another client's); ended: its session is past its lifetime; reused: see rotate.
  | { ok: false; error: 'invalid' | 'ended' }
  | { ok: false; error: 'reused'; session: { id: string; userId: string } };

export type RotationResult = { ok: true; tokens: SessionTokens; session: ValidSession } | Refused;

/** What an app's grant holds after a rotation, for lib/oauth to mint the app's tokens from. */
export type RotatedGrant = {
  grantId: string;
  user: SessionUser;
  refreshToken: string;
  expiresAt: Date;
  scopes: string[];
  amr: string[];
  authenticatedAt: Date;
};
export type GrantRotationResult = { ok: true; grant: RotatedGrant } | Refused;

const userFields = { id: true, email: true, role: true, emailVerifiedAt: true, locale: true } as const;

function toSessionUser(row: { id: string; email: string; role: Role; emailVerifiedAt: Date | null; locale: string | null }): SessionUser {
  return { id: row.id, email: row.email, role: row.role, emailVerified: row.emailVerifiedAt !== null, locale: row.locale };
}

async function issueTokens(sessionId: string, user: SessionUser | { id: string; role: Role }, refreshToken: string, expiresAt: Date): Promise<SessionTokens> {
  const accessToken = await signAccessToken({ userId: user.id, sessionId, role: user.role });
  return { accessToken, refreshToken, refreshExpiresAt: expiresAt };
}

/**
 * Starts a session for a user. Pass a transaction client to make it part of a larger change.
 * `amr` says how the user proved who they are (RFC 8176), for the ID tokens of apps they sign in to.
 */
export async function createSession(
  tx: Prisma.TransactionClient,
  user: { id: string; role: Role },
  client: ClientInfo,
  amr: string[],
): Promise<SessionTokens> {
  const sessionId = randomUUID();
  const refreshTag = generateRefreshTag();
  const refreshToken = generateRefreshToken(refreshTag);
  const expiresAt = new Date(Date.now() + getConfig().refreshTokenTtl * 1000);
  await tx.session.create({
    data: {
      id: sessionId,
      refreshTag,
      userId: user.id,
      userAgent: client.userAgent,
      ip: client.ip,
      expiresAt,
      amr,
      refreshTokens: { create: { tokenHash: hashToken(refreshToken), expiresAt } },
    },
  });
  return { ...(await issueTokens(sessionId, user, refreshToken, expiresAt)), deviceToken: await signDeviceToken(user.id) };
}

/**
 * An app's grant, made when it exchanges an authorization code (lib/oauth/codes.ts). With
 * offline_access it gets a refresh token and lives like a session; without, it ends with its
 * access token.
 */
export async function createAppGrant(
  tx: Prisma.TransactionClient,
  grant: { userId: string; clientId: string; scopes: string[]; amr: string[]; authenticatedAt: Date; offline: boolean },
  client: ClientInfo,
): Promise<{ grantId: string; refreshToken: string | null }> {
  const config = getConfig();
  const grantId = randomUUID();
  const refreshTag = generateRefreshTag();
  const refreshToken = grant.offline ? generateRefreshToken(refreshTag) : null;
  const expiresAt = new Date(Date.now() + (grant.offline ? config.refreshTokenTtl : config.accessTokenTtl) * 1000);
  await tx.session.create({
    data: {
      id: grantId,
      refreshTag,
      userId: grant.userId,
      clientId: grant.clientId,
      scopes: grant.scopes,
      amr: grant.amr,
      authenticatedAt: grant.authenticatedAt,
      userAgent: client.userAgent,
      ip: client.ip,
      expiresAt,
      ...(refreshToken ? { refreshTokens: { create: { tokenHash: hashToken(refreshToken), expiresAt } } } : {}),
    },
  });
  return { grantId, refreshToken };
}

/** Gives a live session a new refresh token and revokes its others (after a password change). */
export async function renewSession(tx: Prisma.TransactionClient, sessionId: string, user: SessionUser): Promise<SessionTokens> {
  const now = new Date();
  const session = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { refreshTag: true, expiresAt: true } });
  await tx.refreshToken.updateMany({ where: { sessionId, revokedAt: null }, data: { revokedAt: now } });
  const refreshToken = generateRefreshToken(session.refreshTag);
  await tx.refreshToken.create({ data: { sessionId, tokenHash: hashToken(refreshToken), expiresAt: session.expiresAt } });
  await tx.session.update({ where: { id: sessionId }, data: { lastActiveAt: now } });
  return issueTokens(sessionId, user, refreshToken, session.expiresAt);
}

/** Sessions a user can see and end on the devices page, most recently active first. */
export async function listActiveSessions(userId: string) {
  const db = await getDb();
  return db.session.findMany({
    where: { userId, clientId: null, ...liveSessionWhere(new Date()) },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastActiveAt: true },
    orderBy: { lastActiveAt: 'desc' },
  });
}

/**
 * The full check behind every protected page, action and route: the token verifies, its session
 * is live in the database, and its user exists and is not disabled. The role returned is the
 * user's current role in the database. What the database said is kept for a moment
 * (session-cache.ts): a change made by this process is seen at the next request, one made by
 * another within milliseconds when heard (session-changes.ts) and within SESSION_CACHE_TTL anyway.
 */
export async function validateAccessToken(token: string): Promise<ValidSession | null> {
  const claims = await verifyAccessToken(token);
  if (!claims) return null;
  const usable = (record: SessionRecord) => isLive(record, new Date()) && record.userId === claims.userId && !record.user.disabledAt;
  const session = await readSessionRecord(claims.sessionId, () => readSession(claims.sessionId), usable);
  if (!session || !usable(session)) return null;
  // The role is read from the database, not the token: a demoted admin loses access at once.
  return { sessionId: claims.sessionId, user: toSessionUser(session.user) };
}

async function readSession(sessionId: string): Promise<SessionRecord | null> {
  const db = await getDb();
  return db.session.findUnique({
    where: { id: sessionId },
    select: { userId: true, expiresAt: true, revokedAt: true, lastActiveAt: true, user: { select: { ...userFields, disabledAt: true } } },
  });
}

/** Exchanges a refresh token of the user's own session for a new access token and its successor (see rotate). */
export async function rotateRefreshToken(token: string): Promise<RotationResult> {
  const rotation = await rotate(token, null);
  if (!rotation.ok) return rotation;
  const { grantId, user, refreshToken, expiresAt } = rotation.grant;
  return { ok: true, tokens: await issueTokens(grantId, user, refreshToken, expiresAt), session: { sessionId: grantId, user } };
}

/**
 * Exchanges a refresh token for its successor in the session it belongs to, which must be the
 * user's own (clientId null) or the named app's grant.
 * - Current token of a live session: claimed and replaced in one conditional statement, so of
 *   any number of concurrent requests exactly one creates the successor.
 * - A token of the user's own session rotated less than REFRESH_REUSE_GRACE ago: the session's
 *   current token, found along the derived chain, so racing tabs and prefetches stay signed in
 *   without branching the session.
 * - Any other already-rotated token of the session: reuse, answered 'reused'. Ending the
 *   session, recording it and telling the owner is endOnReuse's.
 */
async function rotate(token: string, clientId: string | null): Promise<GrantRotationResult> {
  const parsed = parseRefreshToken(token);
  if (!parsed) return { ok: false, error: 'invalid' };
  const now = new Date();
  const successor = successorOf(token);
  // The common case, in one round trip; anything else is sorted out below.
  const claimed = await claimRefreshToken(parsed.tag, clientId, token, successor, now);
  if (claimed) return { ok: true, grant: claimed };

  const db = await getDb();
  const session = await db.session.findUnique({
    where: { refreshTag: parsed.tag },
    include: { user: { select: userFields }, refreshTokens: { where: { tokenHash: hashToken(token) }, select: { usedAt: true, revokedAt: true } } },
  });
  // Another client's token (or an app's presented as the user's own) is not this caller's to
  // rotate, nor to end as stolen.
  if (!session || session.revokedAt || session.clientId !== clientId) return { ok: false, error: 'invalid' };
  if (!isLive(session, now)) {
    await revokeSession(session.id);
    return { ok: false, error: 'ended' };
  }
  const row = session.refreshTokens[0];
  // Revoked by a password change in this session: stale, not stolen. Unused yet not claimed
  // above: the session changed in between; refuse it without calling it theft.
  if (row?.revokedAt || row?.usedAt === null) return { ok: false, error: 'invalid' };
  // The grace window is for a browser's racing tabs and prefetches; an app rotates its own token
  // once, so a second use of it is reuse at once (as with Auth0's default reuse interval of 0).
  if (clientId === null && row?.usedAt && now.getTime() - row.usedAt.getTime() <= getConfig().refreshReuseGrace * 1000) {
    const current = await findCurrentSuccessor(successor);
    if (current) {
      const { id, expiresAt, scopes, amr, authenticatedAt } = session;
      return { ok: true, grant: { grantId: id, user: toSessionUser(session.user), refreshToken: current, expiresAt, scopes, amr, authenticatedAt } };
    }
  }
  // An unused token of a live session was claimed above; so this one was used long ago, or its
  // row is gone (cleanup deletes old used tokens), or it was never issued with this tag.
  return { ok: false, error: 'reused', session: { id: session.id, userId: session.userId } };
}

/**
 * A client's refresh (middleware, the token endpoint): the rotation, and on reuse what theft
 * calls for. The whole session ends, since either the owner or a thief holds a token it no longer
 * trusts, and the event and the owner's notice are written in the same transaction.
 */
export async function refreshSession(token: string, client: ClientInfo): Promise<RotationResult> {
  return endOnReuse(await rotateRefreshToken(token), client);
}

/** An app's refresh (refresh_token grant of an authenticated client): the same rules, its own grant only. */
export async function refreshAppGrant(token: string, clientId: string, client: ClientInfo): Promise<GrantRotationResult> {
  return endOnReuse(await rotate(token, clientId), client);
}

async function endOnReuse<T extends RotationResult | GrantRotationResult>(rotation: T, client: ClientInfo): Promise<T> {
  getMetrics().refreshes.inc({ result: rotation.ok ? 'success' : 'refused' });
  if (rotation.ok || rotation.error !== 'reused') return rotation;
  const { id, userId } = rotation.session;
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await revokeSessions({ id }, tx);
    await recordEvent({ type: 'refresh_reuse_detected', userId, client, detail: { sessionId: id } }, tx);
    await sendSecurityNotice(tx, userId, 'refresh_reuse_detected', client);
  });
  return rotation;
}

/**
 * The hot path of every refresh, in one statement: if `token` is the unused, unrevoked current
 * token of a live, unrevoked session with this tag, mark it used, store its successor and touch
 * the session. Returns the session, or null if nothing matched. Of concurrent claims of one token
 * exactly one wins: the UPDATE waits for the winner's row lock, then sees usedAt set.
 */
async function claimRefreshToken(refreshTag: string, clientId: string | null, token: string, successor: string, now: Date): Promise<RotatedGrant | null> {
  const db = await getDb();
  // Prisma stores DateTime as UTC in timestamp(3) columns; ISO strings cast to the same.
  const at = now.toISOString();
  const idleSince = idleCutoff(now).toISOString();
  type Row = { sessionId: string; expiresAt: Date; scopes: string[]; amr: string[]; authenticatedAt: Date; id: string; email: string; role: Role; emailVerifiedAt: Date | null; locale: string | null };
  const rows = await db.$queryRaw<Row[]>`
    WITH claimed AS (
      UPDATE "RefreshToken" t SET "usedAt" = ${at}::timestamp(3)
      FROM "Session" s
      WHERE t."tokenHash" = ${hashToken(token)} AND t."usedAt" IS NULL AND t."revokedAt" IS NULL
        AND s.id = t."sessionId" AND s."refreshTag" = ${refreshTag} AND s."revokedAt" IS NULL
        AND s."clientId" IS NOT DISTINCT FROM ${clientId}::text
        AND s."expiresAt" > ${at}::timestamp(3) AND s."lastActiveAt" > ${idleSince}::timestamp(3)
      RETURNING t."sessionId", s."userId", s."expiresAt", s.scopes, s.amr, s."authenticatedAt"
    ), successor AS (
      INSERT INTO "RefreshToken" (id, "sessionId", "tokenHash", "createdAt", "expiresAt")
      SELECT ${randomUUID()}::uuid, "sessionId", ${hashToken(successor)}, ${at}::timestamp(3), "expiresAt" FROM claimed
    ), touched AS (
      UPDATE "Session" SET "lastActiveAt" = ${at}::timestamp(3) WHERE id IN (SELECT "sessionId" FROM claimed)
    )
    SELECT c."sessionId", c."expiresAt", c.scopes, c.amr, c."authenticatedAt", u.id, u.email, u.role, u."emailVerifiedAt", u.locale
    FROM claimed c JOIN "User" u ON u.id = c."userId"`;
  const row = rows[0];
  if (!row) return null;
  const { sessionId, expiresAt, scopes, amr, authenticatedAt, ...user } = row;
  return { grantId: sessionId, user: toSessionUser(user), refreshToken: successor, expiresAt, scopes, amr, authenticatedAt };
}

// Several requests of one browser (tabs, prefetches) can rotate a token more than once within a
// second; one still carrying an earlier token must not sign the user out. Successors are derived,
// so from a token rotated inside the grace window the chain is followed to the session's current
// token: every later rotation happened even more recently. The walk is bounded.
const MAX_CHAIN_STEPS = 16;

async function findCurrentSuccessor(successor: string): Promise<string | null> {
  const db = await getDb();
  let token = successor;
  for (let step = 0; step < MAX_CHAIN_STEPS; step++) {
    const row = await db.refreshToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { usedAt: true, revokedAt: true } });
    if (!row || row.revokedAt) return null;
    if (row.usedAt === null) return token;
    token = successorOf(token);
  }
  return null;
}

/**
 * Changes what every session check reads of a user (role, disabled, email verified), inside the
 * caller's transaction, and makes every process's checks read it afresh (session-changes.ts).
 * `onlyIf` narrows which row may change.
 */
export async function changeSessionUser(
  tx: Prisma.TransactionClient,
  userId: string,
  data: { role?: Role; disabledAt?: Date | null; emailVerifiedAt?: Date },
  onlyIf: Prisma.UserWhereInput = {},
): Promise<void> {
  await announceSessionChange(tx, { userId });
  await tx.user.updateMany({ where: { ...onlyIf, id: userId }, data });
}

/** Ends a session and every refresh token in it. Ending an ended session changes nothing. */
export async function revokeSession(sessionId: string): Promise<void> {
  const db = await getDb();
  await db.$transaction((tx) => revokeSessions({ id: sessionId }, tx));
}

/** Ends one session of a user from another device; a session of another user is left alone. */
export async function revokeUserSession(userId: string, sessionId: string, client: ClientInfo): Promise<void> {
  if (!isUuid(sessionId)) return;
  const db = await getDb();
  await db.$transaction(async (tx) => {
    if (await revokeSessions({ id: sessionId, userId }, tx)) {
      await recordEvent({ type: 'session_revoked', userId, client, detail: { sessionId } }, tx);
    }
  });
}

/** "Sign out everywhere": ends every session of a user, the current one included. */
export async function revokeAllUserSessions(userId: string, client: ClientInfo): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await revokeAllUserSessionsIn(tx, userId);
    await recordEvent({ type: 'sessions_revoked_all', userId, client }, tx);
  });
}

/** Ends every session of a user inside the caller's transaction (an admin disabling the account). */
export async function revokeAllUserSessionsIn(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await revokeSessions({ userId }, tx);
}

/** Ends every session of a user but one, inside the caller's transaction (password change). */
export async function revokeOtherSessions(tx: Prisma.TransactionClient, userId: string, keepSessionId: string): Promise<void> {
  await revokeSessions({ userId, id: { not: keepSessionId } }, tx);
}

/** Returns how many sessions it ended. */
async function revokeSessions(where: ({ userId: string } | { id: string }) & Prisma.SessionWhereInput, tx: Prisma.TransactionClient): Promise<number> {
  // A user's sessions, or the one named: validateAccessToken reads them from the database again.
  await announceSessionChange(tx, {
    userId: typeof where.userId === 'string' ? where.userId : undefined,
    sessionId: typeof where.id === 'string' ? where.id : undefined,
  });
  const now = new Date();
  await tx.refreshToken.updateMany({ where: { session: where, revokedAt: null }, data: { revokedAt: now } });
  const { count } = await tx.session.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/** Signs out: ends the user's own session named by the access token or, if that has expired, by the refresh token. */
export async function endSession(tokens: { accessToken: string | null; refreshToken: string | null }, client: ClientInfo): Promise<void> {
  const claims = tokens.accessToken ? await verifyAccessToken(tokens.accessToken) : null;
  const parsed = tokens.refreshToken ? parseRefreshToken(tokens.refreshToken) : null;
  const where = claims ? { id: claims.sessionId } : parsed ? { refreshTag: parsed.tag } : null;
  if (!where) return;
  const db = await getDb();
  const session = await db.session.findUnique({ where, select: { id: true, userId: true, clientId: true } });
  // An app's grant is ended by that app (lib/oauth/revocation.ts) or its user, not by whoever holds a token.
  if (!session || session.clientId !== null) return;
  await db.$transaction(async (tx) => {
    if (await revokeSessions({ id: session.id }, tx)) {
      await recordEvent({ type: 'sign_out', userId: session.userId, client, detail: { sessionId: session.id } }, tx);
    }
  });
}
