import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, test, vi } from 'vitest';
import { deleteExpiredData } from '@/lib/accounts/cleanup';
import { signInWithPasskey, startPasskeySignIn } from '@/lib/accounts/passkey-sign-in';
import { confirmWithPasskey, startPasskeyConfirmation } from '@/lib/accounts/passkey-step-up';
import { startAddingPasskey } from '@/lib/accounts/passkeys';
import { isRecentlyAuthenticated } from '@/lib/accounts/recent-authentication';
import { type ValidSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import { canUsePasskey, completeMfaWithPasskey, startPasskeySecondFactor } from '@/lib/accounts/two-factor-sign-in';
import { PASSKEY_CHALLENGE_TTL_SECONDS } from '@/lib/auth/passkey-challenge';
import type { SessionTokens } from '@/lib/auth/session-tokens';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@/lib/auth/webauthn';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db';
import type { ClientInfo } from '@/lib/request/client-info';
import { ageSignIn, client, newSession, password } from '../support/accounts';
import { type AssertionOptions, SoftwareAuthenticator } from '../support/authenticator';
import { describeOnDatabase } from '../support/database';
import { challengeFor, turnOnMfa } from '../support/mfa';
import { type AddedPasskey, addPasskeyTo, answer } from '../support/passkeys';
import { letTimePass, withLimits } from '../support/throttle';

// Using a passkey (lib/accounts/passkey-assertion.ts and its callers: passkey sign-in, the
// second factor, step-up) against each database (pglite.test.ts, postgres.test.ts): challenges
// are single use, bound to their ceremony and live 5 minutes; answers must come from this origin
// and RP ID, with user verification where the passkey is the whole proof; a sign count that does
// not move forward is a copied passkey; failures are throttled like wrong passwords.

const REFUSED = { ok: false, error: 'passkey_refused' } as const;
const EXPIRED = { ok: false, error: 'expired' } as const;

type Account = AddedPasskey & { session: ValidSession; tokens: SessionTokens };

/** A new account signed in by its sign-up, with a passkey on `authenticator`. */
async function accountWithPasskey(authenticator?: SoftwareAuthenticator): Promise<Account> {
  const tokens = await newSession();
  const session = await validateAccessToken(tokens.accessToken);
  if (!session) throw new Error('the sign-up session is not valid');
  return { session, tokens, ...(await addPasskeyTo(tokens, authenticator)) };
}

/** A whole passkey sign-in: the challenge, the authenticator's answer (forged as asked), the result. */
async function passkeySignIn(authenticator: SoftwareAuthenticator, forged: Partial<AssertionOptions> = {}, from: ClientInfo = client) {
  const { options, token } = await startPasskeySignIn();
  return signInWithPasskey(token, answer(authenticator, options, forged), from);
}

async function storedPasskey(credentialId: string) {
  const db = await getDb();
  return db.passkey.findUniqueOrThrow({ where: { credentialId }, select: { signCount: true, lastUsedAt: true } });
}

async function sessionsOf(userId: string): Promise<number> {
  return (await getDb()).session.count({ where: { userId } });
}

/** The details of a user's events of one type, oldest first. */
async function eventDetails(type: string, userId: string | null) {
  const events = await (await getDb()).auditEvent.findMany({ where: { type, userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return events.map((event) => event.detail);
}

/** The reasons recorded for a user's refused passkey answers, oldest first. */
async function failures(userId: string): Promise<string[]> {
  return (await eventDetails('passkey_failed', userId)).map((detail) => (detail as { reason: string }).reason);
}

async function cloneMailsTo(email: string): Promise<{ subject: string }[]> {
  return (await getDb()).mailMessage.findMany({ where: { to: email, kind: 'passkey_clone_suspected' }, select: { subject: true } });
}

/** A passkey sign-in ceremony started `seconds` ago. */
async function signInStartedAgo(seconds: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Date.now() - seconds * 1000);
    return await startPasskeySignIn();
  } finally {
    vi.useRealTimers();
  }
}

/** Options of a request ceremony with this challenge: what an authenticator signs. */
function requestFor(challenge: string): PublicKeyCredentialRequestOptionsJSON {
  return { challenge, rpId: new URL(getConfig().appUrl).hostname };
}

/** The same answer naming another account by its user handle (which the signature does not cover). */
function withUserHandle(response: AuthenticationResponseJSON, userHandle: string): AuthenticationResponseJSON {
  return { ...response, response: { ...response.response, userHandle } };
}

async function userHandleOf(userId: string): Promise<string> {
  const { passkeyUserHandle } = await (await getDb()).user.findUniqueOrThrow({ where: { id: userId }, select: { passkeyUserHandle: true } });
  if (!passkeyUserHandle) throw new Error('the account has no user handle');
  return passkeyUserHandle;
}

export function describePasskeySignInFlows(name: string): void {
  describeOnDatabase(`passkey sign-in on ${name}`, () => {
    describe('signing in', () => {
      test('a passkey signs in: a session, passkey_sign_in, the sign count stored and the use dated', async () => {
        const { session, authenticator, credential } = await accountWithPasskey();
        expect(await storedPasskey(credential.id)).toEqual({ signCount: 0n, lastUsedAt: null });
        const sessions = await sessionsOf(session.user.id);
        const before = Date.now();

        const result = await passkeySignIn(authenticator);
        if (!result.ok) throw new Error(`passkey sign-in failed: ${result.error}`);
        expect((await validateAccessToken(result.tokens.accessToken))?.user.id).toBe(session.user.id);
        expect(result.tokens.deviceToken).toBeTruthy();
        expect(await sessionsOf(session.user.id)).toBe(sessions + 1);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toHaveLength(1);
        expect(await failures(session.user.id)).toEqual([]);
        const stored = await storedPasskey(credential.id);
        expect(stored.signCount).toBe(1n);
        expect(stored.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before);
      });

      test('an account with two-factor on signs in with a passkey and no code; its password still asks for one', async () => {
        const { session, authenticator } = await accountWithPasskey();
        await turnOnMfa(session.user);
        expect(await signIn({ email: session.user.email, password }, client)).toMatchObject({ ok: false, error: 'mfa_required' });
        const result = await passkeySignIn(authenticator);
        expect(result.ok).toBe(true);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toHaveLength(1);
      });

      test('a disabled account is refused with account_disabled and gets no session', async () => {
        const { session, authenticator, credential } = await accountWithPasskey();
        const db = await getDb();
        await db.user.update({ where: { id: session.user.id }, data: { disabledAt: new Date() } });
        const sessions = await sessionsOf(session.user.id);
        expect(await passkeySignIn(authenticator)).toEqual({ ok: false, error: 'account_disabled' });
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect(await failures(session.user.id)).toEqual(['account_disabled']);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toEqual([]);
        expect(await storedPasskey(credential.id)).toEqual({ signCount: 0n, lastUsedAt: null });
      });
    });

    describe('challenges', () => {
      test('a replayed answer is refused as expired, not as a copied passkey, and makes no second session', async () => {
        const { session, authenticator } = await accountWithPasskey();
        const { options, token } = await startPasskeySignIn();
        const response = answer(authenticator, options);
        expect((await signInWithPasskey(token, response, client)).ok).toBe(true);
        const sessions = await sessionsOf(session.user.id);

        expect(await signInWithPasskey(token, response, client)).toEqual(EXPIRED);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toHaveLength(1);
        expect(await eventDetails('passkey_clone_suspected', session.user.id)).toEqual([]);
        expect(await cloneMailsTo(session.user.email)).toEqual([]);
      });

      test('of racing answers to one challenge exactly one signs in; the others are expired, not copied passkeys', async () => {
        const { session, authenticator, credential } = await accountWithPasskey();
        const sessions = await sessionsOf(session.user.id);
        const { options, token } = await startPasskeySignIn();
        const response = answer(authenticator, options);
        const results = await Promise.all(Array.from({ length: 3 }, () => signInWithPasskey(token, response, client)));

        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.filter((result) => !result.ok)).toEqual([EXPIRED, EXPIRED]);
        expect(await sessionsOf(session.user.id)).toBe(sessions + 1);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toHaveLength(1);
        expect(await eventDetails('passkey_clone_suspected', session.user.id)).toEqual([]);
        expect((await storedPasskey(credential.id)).signCount).toBe(1n);
      });

      test("a challenge issued for another ceremony (second factor, adding a passkey) does not sign in, though it was answered right", async () => {
        const { session, authenticator } = await accountWithPasskey();
        await turnOnMfa(session.user);
        const secondFactor = await startPasskeySecondFactor(await challengeFor(session.user.email, client));
        if (!secondFactor) throw new Error('no second-factor ceremony for an account with a passkey');
        const adding = await startAddingPasskey(session, '', client);
        if (!adding.ok) throw new Error(`starting to add a passkey failed: ${adding.error}`);
        const sessions = await sessionsOf(session.user.id);

        expect(await signInWithPasskey(secondFactor.token, answer(authenticator, secondFactor.options), client)).toEqual(EXPIRED);
        expect(await signInWithPasskey(adding.token, answer(authenticator, requestFor(adding.options.challenge)), client)).toEqual(EXPIRED);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toEqual([]);
      });

      test('a challenge is answered within 5 minutes of its issue, not after', async () => {
        const { session, authenticator } = await accountWithPasskey();
        const stale = await signInStartedAgo(PASSKEY_CHALLENGE_TTL_SECONDS + 1);
        const recent = await signInStartedAgo(PASSKEY_CHALLENGE_TTL_SECONDS - 20);
        expect(await signInWithPasskey(stale.token, answer(authenticator, stale.options), client)).toEqual(EXPIRED);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toEqual([]);
        expect((await signInWithPasskey(recent.token, answer(authenticator, recent.options), client)).ok).toBe(true);
      });

      test('a missing, garbage, forged or altered challenge token is refused and records nothing', async () => {
        const { session, authenticator, credential } = await accountWithPasskey();
        // The attacker's own challenge, answered right by the real passkey.
        const chl = randomBytes(32).toString('base64url');
        const response = answer(authenticator, requestFor(chl));
        const now = Math.floor(Date.now() / 1000);
        const forged = await new SignJWT({ cer: 'sign-in', chl })
          .setProtectedHeader({ alg: 'HS256', typ: 'passkey-challenge+jwt' })
          .setIssuer(getConfig().appUrl)
          .setAudience('latchkey:passkey-challenge')
          .setIssuedAt(now)
          .setExpirationTime(now + PASSKEY_CHALLENGE_TTL_SECONDS)
          .setJti(randomUUID())
          .sign(new TextEncoder().encode(process.env.JWT_SECRET));
        const [header, , signature] = (await startPasskeySignIn()).token.split('.') as [string, string, string];
        const payload = Buffer.from(JSON.stringify({ ...decodeJwt(forged) })).toString('base64url');
        const altered = `${header}.${payload}.${signature}`;

        for (const token of [null, '', 'garbage', 'a.b.c', forged, altered]) expect(await signInWithPasskey(token, response, client)).toEqual(EXPIRED);
        expect(await sessionsOf(session.user.id)).toBe(1);
        expect(await failures(session.user.id)).toEqual([]);
        expect(await storedPasskey(credential.id)).toEqual({ signCount: 0n, lastUsedAt: null });
      });

      test('an answer signing another challenge than its token carries is refused as wrong_challenge and spends nothing', async () => {
        const { session, authenticator } = await accountWithPasskey();
        const first = await startPasskeySignIn();
        const second = await startPasskeySignIn();
        const sessions = await sessionsOf(session.user.id);
        expect(await signInWithPasskey(first.token, answer(authenticator, second.options), client)).toEqual(REFUSED);
        expect(await failures(session.user.id)).toEqual(['wrong_challenge']);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect((await signInWithPasskey(first.token, answer(authenticator, first.options), client)).ok).toBe(true);
      });
    });

    describe('origin, relying party, user verification, owner', () => {
      test.each([
        [{ origin: 'https://evil.example' }, 'wrong_origin'],
        [{ rpId: 'evil.example' }, 'wrong_rp_id'],
        [{ userVerified: false }, 'user_not_verified'],
      ] as const)('an answer with %o is refused as %s: no session, the passkey unused', async (forged, reason) => {
        const { session, authenticator, credential } = await accountWithPasskey();
        const sessions = await sessionsOf(session.user.id);
        expect(await passkeySignIn(authenticator, { ...forged, credentialId: credential.id })).toEqual(REFUSED);
        expect(await failures(session.user.id)).toEqual([reason]);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect(await storedPasskey(credential.id)).toEqual({ signCount: 0n, lastUsedAt: null });
      });

      test('a passkey Latchkey does not know is refused as unknown_passkey, recorded for no account', async () => {
        const { session, authenticator, credential } = await accountWithPasskey();
        const db = await getDb();
        await db.passkey.delete({ where: { credentialId: credential.id } });
        const unknown = { type: 'passkey_failed', userId: null, detail: { equals: { reason: 'unknown_passkey' } } };
        const before = await db.auditEvent.count({ where: unknown });
        const sessions = await sessionsOf(session.user.id);
        expect(await passkeySignIn(authenticator)).toEqual(REFUSED);
        expect(await db.auditEvent.count({ where: unknown })).toBe(before + 1);
        expect(await failures(session.user.id)).toEqual([]);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
      });

      test("an answer naming another account's user handle is refused as wrong_user_handle", async () => {
        const alice = await accountWithPasskey();
        const bob = await accountWithPasskey();
        const { options, token } = await startPasskeySignIn();
        const response = withUserHandle(answer(alice.authenticator, options), await userHandleOf(bob.session.user.id));
        expect(await signInWithPasskey(token, response, client)).toEqual(REFUSED);
        expect(await failures(alice.session.user.id)).toEqual(['wrong_user_handle']);
        expect(await sessionsOf(alice.session.user.id)).toBe(1);
        expect(await sessionsOf(bob.session.user.id)).toBe(1);
      });
    });

    describe('sign count', () => {
      test("a counting authenticator's count moves forward with each use", async () => {
        const { authenticator, credential } = await accountWithPasskey();
        for (const expected of [1n, 2n, 3n]) {
          expect((await passkeySignIn(authenticator)).ok).toBe(true);
          expect((await storedPasskey(credential.id)).signCount).toBe(expected);
        }
      });

      test.each([
        ['the same count again', 2],
        ['a lower count', 1],
        ['0 after counting', 0],
      ])('%s: refused as a copied passkey, recorded and mailed, the count kept, no session', async (_, counter) => {
        const { session, authenticator, credential, name } = await accountWithPasskey();
        for (let use = 0; use < 2; use++) expect((await passkeySignIn(authenticator)).ok).toBe(true);
        const kept = await storedPasskey(credential.id);
        expect(kept.signCount).toBe(2n);
        const sessions = await sessionsOf(session.user.id);

        expect(await passkeySignIn(authenticator, { counter })).toEqual(REFUSED);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect(await storedPasskey(credential.id)).toEqual(kept);
        expect(await eventDetails('passkey_clone_suspected', session.user.id)).toEqual([{ passkey: name, signCount: String(counter) }]);
        expect(await cloneMailsTo(session.user.email)).toEqual([{ subject: 'A sign-in with your passkey was refused: it may have been copied' }]);
        expect(await eventDetails('passkey_sign_in', session.user.id)).toHaveLength(2);
      });

      test('of two answers with the same count racing on different challenges, one signs in and the other is a copied passkey', async () => {
        const { session, authenticator } = await accountWithPasskey();
        const [first, second] = await Promise.all([startPasskeySignIn(), startPasskeySignIn()]);
        const answers = [answer(authenticator, first.options, { counter: 1 }), answer(authenticator, second.options, { counter: 1 })];
        const results = await Promise.all([signInWithPasskey(first.token, answers[0]!, client), signInWithPasskey(second.token, answers[1]!, client)]);
        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.filter((result) => !result.ok)).toEqual([REFUSED]);
        expect(await eventDetails('passkey_clone_suspected', session.user.id)).toHaveLength(1);
      });

      test('an authenticator that never counts (always 0) signs in again and again', async () => {
        const { session, authenticator, credential } = await accountWithPasskey(new SoftwareAuthenticator({ countsSignatures: false }));
        for (let use = 0; use < 3; use++) expect((await passkeySignIn(authenticator)).ok).toBe(true);
        const stored = await storedPasskey(credential.id);
        expect(stored.signCount).toBe(0n);
        expect(stored.lastUsedAt).not.toBeNull();
        expect(await eventDetails('passkey_clone_suspected', session.user.id)).toEqual([]);
      });
    });

    describe('throttling', () => {
      const evil = { origin: 'https://evil.example' };

      test('refused answers count like wrong passwords: past LOGIN_MAX_ATTEMPTS even the right passkey waits, until the window has passed', async () => {
        const { session, authenticator } = await accountWithPasskey();
        const { loginMaxAttempts, loginWindow } = getConfig();
        // Wrong passwords and refused passkeys spend the one budget of the account's email.
        for (let n = 0; n < loginMaxAttempts - 2; n++) expect(await passkeySignIn(authenticator, evil)).toEqual(REFUSED);
        for (let n = 0; n < 2; n++) expect(await signIn({ email: session.user.email, password: `wrong-${n}` }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
        const sessions = await sessionsOf(session.user.id);

        const throttled = await passkeySignIn(authenticator);
        if (throttled.ok || throttled.error !== 'throttled') throw new Error(`expected throttled, got ${JSON.stringify(throttled)}`);
        // The first wait is a minute from the last failure, however slow the machine.
        expect(throttled.retryAfterSeconds).toBeGreaterThan(50);
        expect(throttled.retryAfterSeconds).toBeLessThanOrEqual(60);
        expect(await signIn({ email: session.user.email, password }, client)).toMatchObject({ ok: false, error: 'throttled' });
        // Refused while throttled, an answer is not even checked: nothing recorded.
        expect(await failures(session.user.id)).toHaveLength(loginMaxAttempts - 2);
        expect(await sessionsOf(session.user.id)).toBe(sessions);

        await letTimePass(loginWindow);
        expect((await passkeySignIn(authenticator)).ok).toBe(true);
      });

      test("the right passkey forgives the email's earlier failures, as the right password does", async () => {
        const { session, authenticator } = await accountWithPasskey();
        const { loginMaxAttempts } = getConfig();
        for (let n = 0; n < loginMaxAttempts - 1; n++) expect((await signIn({ email: session.user.email, password: `wrong-${n}` }, client)).ok).toBe(false);
        expect((await passkeySignIn(authenticator)).ok).toBe(true);
        for (let n = 0; n < loginMaxAttempts - 1; n++) expect(await passkeySignIn(authenticator, evil)).toEqual(REFUSED);
        expect((await signIn({ email: session.user.email, password }, client)).ok).toBe(true);
        for (let n = 0; n < loginMaxAttempts - 1; n++) expect(await passkeySignIn(authenticator, evil)).toEqual(REFUSED);
        expect((await passkeySignIn(authenticator)).ok).toBe(true);
      });

      test("a device that signed in to the account before keeps its own budget while others' answers lock the email", async () => {
        const { tokens, authenticator } = await accountWithPasskey();
        for (let n = 0; n < getConfig().loginMaxAttempts; n++) expect(await passkeySignIn(authenticator, evil)).toEqual(REFUSED);
        expect(await passkeySignIn(authenticator)).toMatchObject({ ok: false, error: 'throttled' });
        expect((await passkeySignIn(authenticator, {}, { ...client, deviceTokens: [tokens.deviceToken!] })).ok).toBe(true);
      });

      test("answers with passkeys Latchkey does not know spend the address's budget", async () => {
        const stranger = await accountWithPasskey();
        await (await getDb()).passkey.delete({ where: { credentialId: stranger.credential.id } });
        const { authenticator } = await accountWithPasskey();
        // Addresses of this test's own: the limit is lowered below what other tests' failures spent.
        const from = { userAgent: 'vitest', ip: '198.51.100.23' };
        const elsewhere = { userAgent: 'vitest', ip: '198.51.100.24' };
        await withLimits({ loginIpMaxAttempts: 3 }, async () => {
          for (let n = 0; n < 3; n++) expect(await passkeySignIn(stranger.authenticator, {}, from)).toEqual(REFUSED);
          expect(await passkeySignIn(authenticator, {}, from)).toMatchObject({ ok: false, error: 'throttled' });
          expect((await passkeySignIn(authenticator, {}, elsewhere)).ok).toBe(true);
        });
      });

      test('a refused answer leaves its passkey_failed event and its counted attempt, nothing else', async () => {
        const { session, authenticator, credential } = await accountWithPasskey();
        const db = await getDb();
        const snapshot = async () => ({
          sessions: await sessionsOf(session.user.id),
          mail: await db.mailMessage.count({ where: { to: session.user.email } }),
          events: await db.auditEvent.count({ where: { userId: session.user.id } }),
          passkey: await storedPasskey(credential.id),
          usedChallenges: await db.usedPasskeyChallenge.count(),
        });
        const before = await snapshot();
        const { options, token } = await startPasskeySignIn();
        expect(await signInWithPasskey(token, answer(authenticator, options, evil), client)).toEqual(REFUSED);
        expect(await snapshot()).toEqual({ ...before, events: before.events + 1 });
        expect(await db.usedPasskeyChallenge.findUnique({ where: { id: decodeJwt(token).jti! } })).toBeNull();
        expect(await db.throttleAttempt.count({ where: { key: `sign-in:email:${session.user.email}` } })).toBe(1);
      });
    });

    describe('the second factor after a password', () => {
      /** An account with two-factor on and a passkey, past its password: the MFA challenge. */
      async function pastPassword(authenticator?: SoftwareAuthenticator) {
        const account = await accountWithPasskey(authenticator);
        await turnOnMfa(account.session.user);
        return { ...account, mfa: await challengeFor(account.session.user.email, client) };
      }

      async function passkeyCeremony(mfa: string) {
        const started = await startPasskeySecondFactor(mfa);
        if (!started) throw new Error('no second-factor passkey ceremony');
        return started;
      }

      test('a passkey (user verification not needed) completes the sign-in the password began', async () => {
        const { session, authenticator, credential, mfa } = await pastPassword();
        expect(await canUsePasskey(mfa)).toBe(true);
        const { options, token } = await passkeyCeremony(mfa);
        const result = await completeMfaWithPasskey(mfa, token, answer(authenticator, options, { userVerified: false }), client);
        if (!result.ok) throw new Error(`second factor failed: ${result.error}`);
        expect((await validateAccessToken(result.tokens.accessToken))?.user.id).toBe(session.user.id);
        expect(await eventDetails('sign_in', session.user.id)).toEqual([{ secondFactor: 'passkey' }]);
        expect((await storedPasskey(credential.id)).signCount).toBe(1n);
      });

      test('the MFA challenge works once: a second passkey answer to it is expired', async () => {
        const { session, authenticator, mfa } = await pastPassword();
        const first = await passkeyCeremony(mfa);
        const second = await passkeyCeremony(mfa);
        expect((await completeMfaWithPasskey(mfa, first.token, answer(authenticator, first.options), client)).ok).toBe(true);
        const sessions = await sessionsOf(session.user.id);
        expect(await completeMfaWithPasskey(mfa, second.token, answer(authenticator, second.options), client)).toEqual(EXPIRED);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect(await canUsePasskey(mfa)).toBe(false);
      });

      test("another account's passkey is no passkey here", async () => {
        const { session, mfa } = await pastPassword();
        const bob = await accountWithPasskey();
        const { options, token } = await passkeyCeremony(mfa);
        const sessions = await sessionsOf(session.user.id);
        const response = answer(bob.authenticator, options, { credentialId: bob.credential.id });
        expect(await completeMfaWithPasskey(mfa, token, response, client)).toEqual(REFUSED);
        expect(await sessionsOf(session.user.id)).toBe(sessions);
        expect(await sessionsOf(bob.session.user.id)).toBe(1);
        expect(await failures(bob.session.user.id)).toEqual([]);
        expect(await storedPasskey(bob.credential.id)).toEqual({ signCount: 0n, lastUsedAt: null });
        // The failure is the pending sign-in's: recorded for its user and counted on its second-factor budget.
        expect(await failures(session.user.id)).toEqual(['unknown_passkey']);
        const db = await getDb();
        expect(await db.throttleAttempt.count({ where: { key: `second-factor:user:${session.user.id}` } })).toBe(1);
      });

      test("a passkey challenge issued for another account's sign-in, or for signing in, is refused", async () => {
        const alice = await pastPassword();
        const bob = await pastPassword();
        const sessions = await sessionsOf(alice.session.user.id);
        const forBob = await passkeyCeremony(bob.mfa);
        const signingIn = await startPasskeySignIn();
        const answerTo = (options: PublicKeyCredentialRequestOptionsJSON) => answer(alice.authenticator, options, { credentialId: alice.credential.id });

        expect(await completeMfaWithPasskey(alice.mfa, forBob.token, answerTo(forBob.options), client)).toEqual(EXPIRED);
        expect(await completeMfaWithPasskey(alice.mfa, signingIn.token, answerTo(signingIn.options), client)).toEqual(EXPIRED);
        expect(await sessionsOf(alice.session.user.id)).toBe(sessions);
        // Neither refusal spent Alice's challenge.
        expect(await canUsePasskey(alice.mfa)).toBe(true);
      });
    });

    describe('confirming with a passkey (step-up)', () => {
      test("the user's passkey renews the session's sign-in time", async () => {
        const { session, authenticator, credential } = await accountWithPasskey();
        await ageSignIn(session.sessionId);
        expect(await isRecentlyAuthenticated(session.sessionId)).toBe(false);
        const started = await startPasskeyConfirmation(session);
        if (!started) throw new Error('no confirmation ceremony for an account with a passkey');
        expect(await confirmWithPasskey(session, started.token, answer(authenticator, started.options), client)).toEqual({ ok: true });
        expect(await isRecentlyAuthenticated(session.sessionId)).toBe(true);
        expect((await storedPasskey(credential.id)).signCount).toBe(1n);
      });

      test('an account without passkeys has no confirmation ceremony', async () => {
        const session = await validateAccessToken((await newSession()).accessToken);
        expect(await startPasskeyConfirmation(session!)).toBeNull();
      });

      test('a challenge issued for another session of the same user is refused there', async () => {
        const { session, authenticator } = await accountWithPasskey();
        const signedIn = await passkeySignIn(authenticator);
        if (!signedIn.ok) throw new Error('passkey sign-in failed');
        const other = (await validateAccessToken(signedIn.tokens.accessToken))!;
        await ageSignIn(session.sessionId);
        await ageSignIn(other.sessionId);
        const started = await startPasskeyConfirmation(session);
        if (!started) throw new Error('no confirmation ceremony');
        const response = answer(authenticator, started.options);

        expect(await confirmWithPasskey(other, started.token, response, client)).toEqual(EXPIRED);
        expect(await isRecentlyAuthenticated(other.sessionId)).toBe(false);
        expect(await isRecentlyAuthenticated(session.sessionId)).toBe(false);
        expect(await confirmWithPasskey(session, started.token, response, client)).toEqual({ ok: true });
      });
    });

    test('cleanup deletes the records of answered challenges once their tokens have expired', async () => {
      const { authenticator } = await accountWithPasskey();
      const { options, token } = await startPasskeySignIn();
      expect((await signInWithPasskey(token, answer(authenticator, options), client)).ok).toBe(true);
      const db = await getDb();
      const jti = decodeJwt(token).jti!;
      const { expiresAt } = await db.usedPasskeyChallenge.findUniqueOrThrow({ where: { id: jti } });
      // The record outlives the token, so no answer to it can come back once the record is gone.
      expect(expiresAt.getTime()).toBeGreaterThanOrEqual(decodeJwt(token).exp! * 1000);

      await deleteExpiredData(new Date(expiresAt.getTime() - 1000));
      expect(await db.usedPasskeyChallenge.findUnique({ where: { id: jti } })).not.toBeNull();
      const due = await db.usedPasskeyChallenge.count({ where: { expiresAt: { lte: expiresAt } } });
      expect((await deleteExpiredData(expiresAt)).passkeyChallenges).toBe(due);
      expect(await db.usedPasskeyChallenge.findUnique({ where: { id: jti } })).toBeNull();
    });
  });
}
