import 'server-only';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordEvent } from '../audit';
import { authenticatorName } from '../auth/authenticator-names';
import { MAX_PASSKEY_NAME_CHARACTERS } from '../auth/credentials';
import { findOutstandingPasskeyChallenge, issuePasskeyChallenge, redeemPasskeyChallenge } from '../auth/passkey-challenge';
import {
  type CredentialDescriptor,
  type NewCredential,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  registrationOptions,
  verifyRegistration,
} from '../auth/webauthn';
import { getDb } from '../db';
import { translator } from '../i18n/translator';
import { mailLocale } from '../mail/queue';
import { deviceWordsIn } from '../request/device-words';
import type { Prisma } from '../db/generated/client';
import { isUniqueViolation } from '../db/errors';
import { sendPasskeyNotice } from '../mail/notices';
import type { ClientInfo } from '../request/client-info';
import { describeDevice } from '../request/user-agent';
import type { CeremonyStart } from './passkey-sign-in';
import { type RecentAuthentication, confirmRecentAuthentication } from './recent-authentication';
import type { ValidSession } from './sessions';

// A user's passkeys: adding one (after the current password or a recent sign-in, like any new way
// into the account), naming, removing. An account never loses its last way to sign in: without a
// password, its last passkey stays.

export const MAX_PASSKEYS = 20;
// Refusals name messages of the "validation" namespace (lib/form-state.ts, valueErrorsOf).
export const passkeyNameSchema = z.string().trim().min(1, 'passkeyNameRequired').max(MAX_PASSKEY_NAME_CHARACTERS, 'passkeyNameTooLong');

export type PasskeyView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean };

export async function listPasskeys(userId: string): Promise<PasskeyView[]> {
  const db = await getDb();
  return db.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
  });
}

/** The passkeys of a user as ceremony options name them (to exclude or to allow). */
export async function passkeyDescriptors(userId: string): Promise<CredentialDescriptor[]> {
  const db = await getDb();
  return db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
}

/** The ways an account can be signed in to, as the settings and the API say. */
export async function signInMethods(userId: string): Promise<SignInMethods> {
  const db = await getDb();
  return signInMethodsOf(await db.user.findUniqueOrThrow({ where: { id: userId }, select: SIGN_IN_METHODS_SELECT }));
}

/** What a query selects of a user for signInMethodsOf, beside whatever else it reads. */
export const SIGN_IN_METHODS_SELECT = { passwordHash: true, _count: { select: { passkeys: true, providerAccounts: true } } } satisfies Prisma.UserSelect;

export function signInMethodsOf(user: Prisma.UserGetPayload<{ select: typeof SIGN_IN_METHODS_SELECT }>): SignInMethods {
  return { password: user.passwordHash !== null, passkeys: user._count.passkeys, providers: user._count.providerAccounts };
}

export type StartAddingResult = ({ ok: true } & CeremonyStart<PublicKeyCredentialCreationOptionsJSON>) | Exclude<RecentAuthentication, { ok: true }> | { ok: false; error: 'too_many' };

/** Options for adding a passkey to the signed-in account, once the user has proved it is them. */
export async function startAddingPasskey(current: ValidSession, password: string, client: ClientInfo): Promise<StartAddingResult> {
  const confirmed = await confirmRecentAuthentication(current, password, client);
  if (!confirmed.ok) return confirmed;
  const existing = await passkeyDescriptors(current.user.id);
  if (existing.length >= MAX_PASSKEYS) return { ok: false, error: 'too_many' };
  const handle = await userHandleOf(current.user.id);
  const { challenge, token } = await issuePasskeyChallenge('add', { sub: current.user.id, sid: current.sessionId });
  return { ok: true, options: await registrationOptions(challenge, { email: current.user.email, handle }, existing), token };
}

export type AddPasskeyResult = { ok: true; name: string } | { ok: false; error: 'expired' | 'passkey_refused' | 'too_many' | 'already_added' };

/**
 * Stores the passkey the browser made for a challenge of this very session. The challenge was
 * issued only after the recent-authentication check and lives 5 minutes, so that check holds.
 */
export async function addPasskey(current: ValidSession, token: string | null, response: RegistrationResponseJSON, client: ClientInfo): Promise<AddPasskeyResult> {
  const challenge = await findOutstandingPasskeyChallenge(token, 'add');
  if (!challenge || challenge.sub !== current.user.id || challenge.sid !== current.sessionId) return { ok: false, error: 'expired' };
  const credential = await verifyRegistration(challenge, response);
  if ('refused' in credential) {
    await recordEvent({ type: 'passkey_failed', userId: current.user.id, client, detail: { reason: credential.refused, ceremony: 'add' } });
    return { ok: false, error: 'passkey_refused' };
  }
  const db = await getDb();
  try {
    return await db.$transaction(async (tx) => {
      if (!(await redeemPasskeyChallenge(tx, challenge))) return { ok: false, error: 'expired' } as const;
      const ways = await lockSignInMethods(tx, current.user.id);
      if (ways && ways.passkeys >= MAX_PASSKEYS) return { ok: false, error: 'too_many' } as const;
      const name = await storePasskey(tx, current.user.id, credential, client);
      await sendPasskeyNotice(tx, current.user.id, 'passkey_added', name, client);
      return { ok: true, name } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'already_added' };
    throw error;
  }
}

/**
 * Writes a verified passkey with its default name (the provider's, when its AAGUID is known, else
 * "Passkey on Chrome on Linux" in the owner's language; "… 2" when the user has one of that name) and records
 * `passkey_added`. Returns the name.
 */
export async function storePasskey(tx: Prisma.TransactionClient, userId: string, credential: NewCredential, client: ClientInfo): Promise<string> {
  const base = authenticatorName(credential.aaguid) ?? (await deviceName(tx, userId, client));
  const taken = new Set((await tx.passkey.findMany({ where: { userId }, select: { name: true } })).map((passkey) => passkey.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} ${n}`;
  await tx.passkey.create({ data: { userId, ...credential, name } });
  await recordEvent({ type: 'passkey_added', userId, client, detail: { passkey: name } }, tx);
  return name;
}

async function deviceName(tx: Prisma.TransactionClient, userId: string, client: ClientInfo): Promise<string> {
  const { locale: saved } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { locale: true } });
  const locale = mailLocale(saved);
  return translator(locale)('passkeys.defaultName', { device: describeDevice(client.userAgent, deviceWordsIn(locale)) });
}

export async function renamePasskey(userId: string, passkeyId: string, name: string, client: ClientInfo): Promise<boolean> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const { count } = await tx.passkey.updateMany({ where: { id: passkeyId, userId }, data: { name } });
    if (count === 1) await recordEvent({ type: 'passkey_renamed', userId, client, detail: { passkey: name } }, tx);
    return count === 1;
  });
}

export type RemovePasskeyResult = { ok: true } | { ok: false; error: 'not_found' | 'last_sign_in_method' };

/**
 * Deletes one of a user's passkeys, unless it is the last way into the account (no password, no
 * connected provider), judged under the user's row lock (lockSignInMethods). `by`: the admin who
 * removed it, named in the event; the owner's notice then says an administrator did it.
 */
export async function removePasskey(userId: string, passkeyId: string, client: ClientInfo, by?: string): Promise<RemovePasskeyResult> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const ways = await lockSignInMethods(tx, userId);
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId }, select: { id: true, name: true } });
    if (!ways || !passkey) return { ok: false, error: 'not_found' } as const;
    if (isLastWayIn(ways)) return { ok: false, error: 'last_sign_in_method' } as const;
    await tx.passkey.delete({ where: { id: passkey.id } });
    await recordEvent({ type: 'passkey_removed', userId, client, detail: { passkey: passkey.name, ...(by ? { by } : {}) } }, tx);
    await sendPasskeyNotice(tx, userId, by ? 'passkey_removed_by_admin' : 'passkey_removed', passkey.name, client);
    return { ok: true } as const;
  });
}

/**
 * Removes every passkey of an account whose email no one had proved, when its mailbox is proved
 * by a reset link: they may be a squatter's, who opened the account in the owner's name before
 * the owner came (account pre-hijacking). The owner, now in, adds their own.
 */
export async function removeUnprovenPasskeys(tx: Prisma.TransactionClient, userId: string, client: ClientInfo): Promise<void> {
  const passkeys = await tx.passkey.findMany({ where: { userId }, select: { id: true, name: true } });
  await tx.passkey.deleteMany({ where: { id: { in: passkeys.map((passkey) => passkey.id) } } });
  for (const passkey of passkeys) {
    await recordEvent({ type: 'passkey_removed', userId, client, detail: { passkey: passkey.name, reason: 'email_proved_by_reset' } }, tx);
  }
}

/** The user's WebAuthn user handle, made on first use: 32 random bytes, base64url. */
async function userHandleOf(userId: string): Promise<string> {
  const db = await getDb();
  await db.user.updateMany({ where: { id: userId, passkeyUserHandle: null }, data: { passkeyUserHandle: newUserHandle() } });
  const { passkeyUserHandle } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passkeyUserHandle: true } });
  if (!passkeyUserHandle) throw new Error('userHandleOf: the user handle was not stored');
  return passkeyUserHandle;
}

export function newUserHandle(): string {
  return randomBytes(32).toString('base64url');
}

export type SignInMethods = { password: boolean; passkeys: number; providers: number };

/**
 * The account's ways in, read under its row lock, which it holds for the rest of the transaction:
 * changes to one account's sign-in methods take turns, so two removals racing each other cannot
 * both see "one left besides mine" and leave none.
 */
export async function lockSignInMethods(tx: Prisma.TransactionClient, userId: string): Promise<SignInMethods | null> {
  const [user] = await tx.$queryRaw<{ password: boolean }[]>`SELECT "passwordHash" IS NOT NULL AS "password" FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  if (!user) return null;
  // Counted by statements after the lock is held: under READ COMMITTED each sees what the
  // transaction that held the lock before committed (one statement's subqueries would not).
  const passkeys = await tx.passkey.count({ where: { userId } });
  const providers = await tx.providerAccount.count({ where: { userId } });
  return { password: user.password, passkeys, providers };
}

/** Whether removing one passkey or connected provider would leave the account no way in. */
export function isLastWayIn(ways: SignInMethods): boolean {
  return !ways.password && ways.passkeys + ways.providers <= 1;
}
