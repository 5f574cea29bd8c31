import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordEvent } from '../audit';
import { findOutstandingPasskeyChallenge, issuePasskeyChallenge, redeemPasskeyChallenge } from '../auth/passkey-challenge';
import { hashPassword } from '../auth/password';
import type { SessionTokens } from '../auth/session-tokens';
import { type Throttled, claimAttempt, countedAttempt, signUpLimits } from '../auth/throttle';
import type { Role } from '../auth/tokens';
import { type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON, registrationOptions, verifyRegistration } from '../auth/webauthn';
import { getDb } from '../db';
import { isUniqueViolation } from '../db/errors';
import type { Prisma } from '../db/generated/client';
import type { Locale } from '../i18n/locales';
import type { ClientInfo } from '../request/client-info';
import type { CeremonyStart } from './passkey-sign-in';
import { METHOD_AMR } from './sign-in';
import { newUserHandle, storePasskey } from './passkeys';
import { createSession } from './sessions';
import { sendVerificationMail } from './verification';

// Creating an account, with a password or with a passkey. Either way the user, its first sign-in
// method, its session and the verification mail are written in one transaction: there is never a
// user without a session or the reverse. The language of the page signed up on becomes the
// account's saved language (User.locale): its pages and every mail, the verification mail first,
// use it until its owner chooses another in Settings → Language.

type EmailTaken = { ok: false; error: 'email_taken' };
export type SignUpResult = { ok: true; tokens: SessionTokens } | EmailTaken | Throttled;

export async function signUp(input: { email: string; password: string }, client: ClientInfo, locale?: Locale): Promise<SignUpResult> {
  // Every sign-up counts, taken emails too: that bounds how fast addresses can be probed.
  const attempt = await claimAttempt(signUpLimits(client));
  if (!attempt.ok) return attempt;
  const passwordHash = await countedAttempt(attempt, hashPassword(input.password));
  return openAccount(async (tx) => {
    const user = await createUser(tx, { email: input.email, passwordHash, locale }, client);
    return { ok: true, tokens: await createSession(tx, user, client, [...METHOD_AMR.password]) } as const;
  });
}

export type StartPasskeySignUpResult = ({ ok: true } & CeremonyStart<PublicKeyCredentialCreationOptionsJSON>) | EmailTaken | Throttled;

/**
 * Options for making the first passkey of a new account. The account's id and user handle are
 * chosen now and carried by the challenge: the authenticator stores the handle with the passkey.
 * A taken email is said now, before the browser makes a passkey for an account that cannot exist.
 */
export async function startPasskeySignUp(email: string, client: ClientInfo): Promise<StartPasskeySignUpResult> {
  const attempt = await claimAttempt(signUpLimits(client));
  if (!attempt.ok) return attempt;
  const db = await getDb();
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return { ok: false, error: 'email_taken' };
  const handle = newUserHandle();
  const { challenge, token } = await issuePasskeyChallenge('sign-up', { sub: randomUUID(), email, uh: handle });
  return { ok: true, options: await registrationOptions(challenge, { email, handle }, []), token };
}

export type PasskeySignUpResult = SignUpResult | { ok: false; error: 'expired' | 'passkey_refused' };

/** Creates the account of a passkey sign-up: no password until its owner sets one. */
export async function signUpWithPasskey(
  token: string | null,
  response: RegistrationResponseJSON,
  client: ClientInfo,
  locale?: Locale,
): Promise<PasskeySignUpResult> {
  const challenge = await findOutstandingPasskeyChallenge(token, 'sign-up');
  const { sub: id, email, uh: passkeyUserHandle } = challenge ?? {};
  if (!challenge || !id || !email || !passkeyUserHandle) return { ok: false, error: 'expired' };
  const credential = await verifyRegistration(challenge, response);
  if ('refused' in credential) {
    await recordEvent({ type: 'passkey_failed', userId: null, client, detail: { reason: credential.refused, ceremony: 'sign-up', email } });
    return { ok: false, error: 'passkey_refused' };
  }
  return openAccount(async (tx) => {
    if (!(await redeemPasskeyChallenge(tx, challenge))) return { ok: false, error: 'expired' } as const;
    const user = await createUser(tx, { id, email, passwordHash: null, passkeyUserHandle, locale }, client, { method: 'passkey' });
    await storePasskey(tx, user.id, credential, client);
    return { ok: true, tokens: await createSession(tx, user, client, [...METHOD_AMR.passkey]) } as const;
  });
}

/** Creates an account (verified: seeded by the server) unless one exists with that email. Returns whether it created one. */
export async function ensureUser(input: { email: string; password: string; role: Role }): Promise<boolean> {
  const db = await getDb();
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(input.password);
  try {
    await db.user.create({ data: { email: input.email, passwordHash, role: input.role, emailVerifiedAt: new Date() } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Runs the transaction that opens an account; an email taken meanwhile (the unique index) rolls it back. */
async function openAccount<Result>(work: (tx: Prisma.TransactionClient) => Promise<Result>): Promise<Result | EmailTaken> {
  const db = await getDb();
  try {
    return await db.$transaction(work);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'email_taken' };
    throw error;
  }
}

async function createUser(tx: Prisma.TransactionClient, data: Prisma.UserCreateInput, client: ClientInfo, detail?: Record<string, string>) {
  const user = await tx.user.create({ data, select: { id: true, email: true, role: true, locale: true } });
  await recordEvent({ type: 'sign_up', userId: user.id, client, ...(detail ? { detail } : {}) }, tx);
  await sendVerificationMail(tx, user);
  return user;
}
