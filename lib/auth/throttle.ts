import 'server-only';
import { randomUUID } from 'node:crypto';
import { getConfig } from '../config';
import { getDb } from '../db';
import { getMetrics } from '../metrics/registry';
import type { ClientInfo } from '../request/client-info';
import { PasswordQueueFullError } from './password-pool';

// Rate limits for guessing: failed sign-ins per email and per address (or per device token, for
// a device that signed in to the account before), sign-ups per address; and for mail: reset links
// per email and per address, verification mails per user.
// An attempt is counted *before* the password is checked and forgiven if it succeeds, so a burst
// of parallel guesses sees its own attempts and cannot slip past the limit. Attempts live in the
// database, so every server process shares one count.
//
// Past the limit each further attempt doubles the wait, starting at a minute, but the wait never
// outlasts the window: an attacker's failures lock the real user out for at most LOGIN_WINDOW.

export type Limit = { key: string; max: number; windowSeconds: number };
/** Wait before trying again: the same failure wherever a limit says no. */
export type Throttled = { ok: false; error: 'throttled'; retryAfterSeconds: number };
export type Attempt = { ok: true; ids: string[] } | Throttled;

const FIRST_DELAY_SECONDS = 60;
const SIGN_UP_WINDOW_SECONDS = 3600;
const MAIL_WINDOW_SECONDS = 3600;
const MAILS_PER_EMAIL = 3;

const signInEmailKey = (email: string) => `sign-in:email:${email}`;
const signInDeviceKey = (deviceId: string) => `sign-in:device:${deviceId}`;
const secondFactorKey = (userId: string) => `second-factor:user:${userId}`;

/** A wrong password or code: LOGIN_MAX_ATTEMPTS for the account, and a share of the address's budget. */
function guessLimits(accountKey: string, client: ClientInfo): Limit[] {
  const { loginMaxAttempts, loginWindow } = getConfig();
  return [{ key: accountKey, max: loginMaxAttempts, windowSeconds: loginWindow }, ...addressLimits(client)];
}

/** The address's share: all that counts an answer naming no known passkey, as no account is named. */
export function addressLimits(client: ClientInfo): Limit[] {
  const { loginIpMaxAttempts, loginWindow } = getConfig();
  return client.ip ? [{ key: `sign-in:ip:${client.ip}`, max: loginIpMaxAttempts, windowSeconds: loginWindow }] : [];
}

/**
 * A device holding a device token for the account (device-tokens.ts) has LOGIN_MAX_ATTEMPTS of
 * its own and counts nothing against the email or the address: however many guesses others make,
 * the owner's devices still get in. Its failures lock only its own token.
 */
export function signInLimits(email: string, client: ClientInfo, deviceId: string | null = null): Limit[] {
  if (deviceId) {
    const { loginMaxAttempts, loginWindow } = getConfig();
    return [{ key: signInDeviceKey(deviceId), max: loginMaxAttempts, windowSeconds: loginWindow }];
  }
  return guessLimits(signInEmailKey(email), client);
}

/** Wrong second-factor codes count like wrong passwords: per account and per address. */
export function secondFactorLimits(userId: string, client: ClientInfo): Limit[] {
  return guessLimits(secondFactorKey(userId), client);
}

export function signUpLimits(client: ClientInfo): Limit[] {
  const { signUpIpMax } = getConfig();
  return client.ip ? [{ key: `sign-up:ip:${client.ip}`, max: signUpIpMax, windowSeconds: SIGN_UP_WINDOW_SECONDS }] : [];
}

/**
 * Reset links asked for, per typed email whether or not an account has it (so being throttled
 * reveals nothing), and per address with the budget of failed sign-ins: both guess at accounts.
 */
export function forgotPasswordLimits(email: string, client: ClientInfo): Limit[] {
  const { loginIpMaxAttempts, loginWindow } = getConfig();
  const limits = [{ key: `forgot-password:email:${email}`, max: MAILS_PER_EMAIL, windowSeconds: MAIL_WINDOW_SECONDS }];
  if (client.ip) limits.push({ key: `forgot-password:ip:${client.ip}`, max: loginIpMaxAttempts, windowSeconds: loginWindow });
  return limits;
}

/** Verification mails a signed-in user may ask for again. */
export function resendVerificationLimits(userId: string): Limit[] {
  return [{ key: `resend-verification:user:${userId}`, max: MAILS_PER_EMAIL, windowSeconds: MAIL_WINDOW_SECONDS }];
}

/** Counts one attempt against every limit, unless one of them says to wait. */
export async function claimAttempt(limits: Limit[], now = new Date()): Promise<Attempt> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Attempts on one key take turns, so two parallel requests cannot both read "4 of 5".
    for (const key of [...new Set(limits.map((limit) => limit.key))].sort()) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
    }
    let wait = 0;
    for (const limit of limits) {
      const since = new Date(now.getTime() - limit.windowSeconds * 1000);
      const counted = await tx.throttleAttempt.aggregate({
        where: { key: limit.key, createdAt: { gt: since } },
        _count: { _all: true },
        _max: { createdAt: true },
      });
      wait = Math.max(wait, waitSeconds(limit, counted._count._all, counted._max.createdAt, now));
    }
    if (wait > 0) {
      getMetrics().throttledAttempts.inc({ limit: limitName(limits) });
      return { ok: false, error: 'throttled', retryAfterSeconds: Math.ceil(wait) };
    }
    const rows = limits.map((limit) => ({ id: randomUUID(), key: limit.key, createdAt: now }));
    await tx.throttleAttempt.createMany({ data: rows });
    return { ok: true, ids: rows.map((row) => row.id) };
  });
}

// What the limits guard, from their keys ("sign-in:email:…" → sign_in): one thing per claim.
function limitName(limits: Limit[]): string {
  return limits[0]!.key.split(':')[0]!.replaceAll('-', '_');
}

/** How long the next attempt must wait, given the attempts counted in the window. */
export function waitSeconds(limit: Limit, count: number, latest: Date | null, now: Date): number {
  if (count < limit.max || !latest) return 0;
  const firstDelay = Math.min(FIRST_DELAY_SECONDS, limit.windowSeconds);
  const delay = Math.min(limit.windowSeconds, firstDelay * 2 ** (count - limit.max));
  return Math.max(0, (latest.getTime() - now.getTime()) / 1000 + delay);
}

/**
 * Takes back a sign-in attempt whose password was right. The email's earlier failures go too:
 * the owner has proved themselves. The address keeps its earlier failures, which may be guesses
 * at other accounts. An attempt with a device token forgives only that token's failures: the
 * email's may be an attacker's, still guessing.
 */
export async function forgiveSignIn(attempt: { ids: string[] }, email: string, deviceId: string | null = null): Promise<void> {
  await forgive(attempt, deviceId ? signInDeviceKey(deviceId) : signInEmailKey(email));
}

/** The same for a right second-factor code: the account's run of wrong codes ends. */
export async function forgiveSecondFactor(attempt: { ids: string[] }, userId: string): Promise<void> {
  await forgive(attempt, secondFactorKey(userId));
}

/**
 * Takes back an attempt whose password was never checked (the password pool was full, see
 * accounts.ts): it guessed nothing, so it must not bring the owner closer to the limit.
 */
export async function withdrawAttempt(attempt: { ids: string[] }): Promise<void> {
  const db = await getDb();
  await db.throttleAttempt.deleteMany({ where: { id: { in: attempt.ids } } });
}

async function forgive(attempt: { ids: string[] }, ownerKey: string): Promise<void> {
  const db = await getDb();
  await db.throttleAttempt.deleteMany({ where: { OR: [{ id: { in: attempt.ids } }, { key: ownerKey }] } });
}

/** The longest window any limit uses: attempts older than this no longer count. */
export function longestWindowSeconds(): number {
  return Math.max(getConfig().loginWindow, SIGN_UP_WINDOW_SECONDS, MAIL_WINDOW_SECONDS);
}

/** The whole minutes a throttled person is told to wait ("try again in N minutes"): at least one. */
export function retryMinutes(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

/**
 * Password work for a counted attempt. When the password pool is full the work is refused
 * (PasswordQueueFullError, answered as "busy" by lib/unavailable.ts): nothing was checked, so
 * the attempt is taken back before the error goes on.
 */
export async function countedAttempt<T>(attempt: Attempt & { ok: true }, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PasswordQueueFullError) await withdrawAttempt(attempt);
    throw error;
  }
}
