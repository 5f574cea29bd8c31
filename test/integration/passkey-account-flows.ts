import { createPublicKey, randomUUID } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import { describe, expect, test } from 'vitest';
import { POST as token } from '@/app/api/auth/token/route';
import { resetPassword, sendPasswordResetMail } from '@/lib/accounts/password-reset';
import { startPasskeySignIn } from '@/lib/accounts/passkey-sign-in';
import { MAX_PASSKEYS, addPasskey, listPasskeys, removePasskey, renamePasskey, signInMethods, startAddingPasskey } from '@/lib/accounts/passkeys';
import { RECENT_AUTHENTICATION_SECONDS } from '@/lib/accounts/recent-authentication';
import { validateAccessToken } from '@/lib/accounts/sessions';
import { setFirstPassword } from '@/lib/accounts/set-password';
import { signIn } from '@/lib/accounts/sign-in';
import { signUp, signUpWithPasskey, startPasskeySignUp } from '@/lib/accounts/sign-up';
import { getDatabase, getDb } from '@/lib/db';
import { ageSignIn, client, newEmail, newUser, password } from '../support/accounts';
import { ORIGIN, formRequest } from '../support/api-requests';
import { expectError } from '../support/api-responses';
import { SoftwareAuthenticator } from '../support/authenticator';
import { describeOnDatabase } from '../support/database';
import { withLimits } from '../support/throttle';
import { addPasskeyOf, chromeOnLinux, reanswered, signInWithPasskeyOf, userWithPasskeyOnly, userWithPassword } from '../support/passkeys';

// The account side of passkeys (lib/accounts/passkeys.ts, sign-up.ts, set-password.ts): adding,
// naming and removing them, accounts made with one and without a password, run against each
// database Latchkey supports (pglite.test.ts, postgres.test.ts).

const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';
const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const DEFAULT_NAME = 'Passkey on Chrome on Linux';

/** The `detail` of each event of one type for a user, oldest first. */
async function eventDetails(userId: string, type: string): Promise<unknown[]> {
  const db = await getDb();
  const events = await db.auditEvent.findMany({ where: { userId, type }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return events.map((event) => event.detail);
}

async function mailsTo(email: string, kind: string) {
  const db = await getDb();
  return db.mailMessage.findMany({ where: { to: email, kind }, orderBy: { createdAt: 'asc' } });
}

/** Asks for a reset link for `email` and sets `newPassword` with it, as the owner of the mailbox. */
async function resetWithMailedLink(email: string, newPassword: string) {
  await sendPasswordResetMail(email, client);
  const [mail] = await mailsTo(email, 'reset_password');
  const link = /http:\/\/localhost:3000\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
  if (!link?.[1]) throw new Error(`no reset link in: ${mail?.text}`);
  return resetPassword(link[1], newPassword, client);
}

async function passkeyCount(userId: string): Promise<number> {
  return (await getDb()).passkey.count({ where: { userId } });
}

async function userHandleOf(userId: string): Promise<string | null> {
  return (await (await getDb()).user.findUniqueOrThrow({ where: { id: userId }, select: { passkeyUserHandle: true } })).passkeyUserHandle;
}

/** Passkey rows written straight to the table, to fill an account up quickly. */
async function storeOtherPasskeys(userId: string, count: number): Promise<void> {
  const db = await getDb();
  await db.passkey.createMany({
    data: Array.from({ length: count }, (_, n) => ({
      userId,
      credentialId: `other-${randomUUID()}`,
      publicKey: Uint8Array.of(n),
      transports: [],
      aaguid: ZERO_AAGUID,
      backupEligible: false,
      backedUp: false,
      name: `Other ${n}`,
    })),
  });
}

/**
 * Runs concurrent work on passkeys while a transaction of the test's own holds their rows, until
 * every piece of the work waits on a lock: each has then read what it reads before any of them
 * writes, which is when a check without a lock of its own goes wrong. Deterministic where it
 * matters, on PostgreSQL; PGlite has one connection, its transactions take turns, and the work
 * simply runs together.
 */
async function whileRowsLocked<Result>(passkeyIds: string[], start: () => Promise<Result>[]): Promise<Result[]> {
  const database = await getDatabase();
  if (database.kind === 'embedded') return Promise.all(start());
  const db = database.prisma;
  let work: Promise<Result[]> = Promise.resolve([]);
  await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Passkey" WHERE id = ANY(${passkeyIds}::uuid[]) FOR UPDATE`;
      const started = start();
      work = Promise.all(started);
      for (let polls = 0; ; polls++) {
        const [{ waiting }] = await db.$queryRaw<[{ waiting: number }]>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        if (waiting >= started.length) break;
        if (polls > 500) throw new Error(`only ${waiting} of ${started.length} waiting on a lock`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    { timeout: 15_000 },
  );
  return work;
}

export function describePasskeyAccountFlows(name: string): void {
  describeOnDatabase(`passkeys on accounts on ${name}`, () => {
    describe('adding a passkey', () => {
      test('after a recent sign-in, no password: the credential, its key and flags are stored under a random user handle, recorded and mailed', async () => {
        const user = await userWithPassword();
        const authenticator = new SoftwareAuthenticator({ transports: ['usb', 'nfc'] });
        const start = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        expect(start.options.excludeCredentials).toEqual([]);
        const response = authenticator.register(start.options, { origin: ORIGIN });
        expect(await addPasskey(user.session, start.token, response, chromeOnLinux)).toEqual({ ok: true, name: DEFAULT_NAME });

        const db = await getDb();
        const rows = await db.passkey.findMany({ where: { userId: user.id } });
        const [credential] = authenticator.credentials;
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          credentialId: credential!.id,
          signCount: 0n,
          transports: ['usb', 'nfc'],
          aaguid: ZERO_AAGUID,
          backupEligible: false,
          backedUp: false,
          name: DEFAULT_NAME,
          lastUsedAt: null,
        });
        // The public key is the credential's own, as a COSE key.
        const coseKey = isoCBOR.decodeFirst<Map<number, Uint8Array<ArrayBuffer>>>(new Uint8Array(rows[0]!.publicKey));
        const jwk = createPublicKey(credential!.privateKey).export({ format: 'jwk' });
        expect([isoBase64URL.fromBuffer(coseKey.get(-2)!), isoBase64URL.fromBuffer(coseKey.get(-3)!)]).toEqual([jwk.x, jwk.y]);

        // The handle the authenticator keeps: 32 random bytes, nothing of the user id or email.
        const handle = await userHandleOf(user.id);
        expect(handle).toBe(start.options.user.id);
        expect(credential!.userHandle).toBe(handle);
        expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const handleBytes = Buffer.from(handle!, 'base64url');
        for (const identifier of [Buffer.from(user.id), Buffer.from(user.id.replaceAll('-', ''), 'hex'), Buffer.from(user.email)]) {
          expect(handleBytes.includes(identifier)).toBe(false);
        }

        expect(await eventDetails(user.id, 'passkey_added')).toEqual([{ passkey: DEFAULT_NAME }]);
        const mails = await mailsTo(user.email, 'passkey_added');
        expect(mails.map((mail) => mail.subject)).toEqual(['A passkey was added']);
        expect(mails[0]!.text).toContain(`“${DEFAULT_NAME}”`);
      });

      test("a second passkey keeps the account's handle and is excluded from the next options; known AAGUIDs name their provider; backup flags are kept", async () => {
        const user = await userWithPassword();
        const stranger = await userWithPassword();
        const first = new SoftwareAuthenticator();
        expect((await addPasskeyOf(first, user)).ok).toBe(true);
        expect((await addPasskeyOf(new SoftwareAuthenticator(), stranger)).ok).toBe(true);
        const handle = await userHandleOf(user.id);
        expect(handle).not.toBe(await userHandleOf(stranger.id));

        const start = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        expect(start.options.user.id).toBe(handle);
        expect(start.options.excludeCredentials).toEqual([{ id: first.credentials[0]!.id, type: 'public-key', transports: ['internal'] }]);
        const synced = new SoftwareAuthenticator({ aaguid: Buffer.from(GOOGLE_PASSWORD_MANAGER.replaceAll('-', ''), 'hex'), backupEligible: true, backedUp: true });
        const added = await addPasskey(user.session, start.token, synced.register(start.options, { origin: ORIGIN }), chromeOnLinux);
        expect(added).toEqual({ ok: true, name: 'Google Password Manager' });
        // A second one from the same browser gets a name of its own.
        const notYetBackedUp = new SoftwareAuthenticator({ backupEligible: true, backedUp: false });
        expect(await addPasskeyOf(notYetBackedUp, user)).toEqual({ ok: true, name: `${DEFAULT_NAME} 2` });

        expect(await userHandleOf(user.id)).toBe(handle);
        const db = await getDb();
        const flags = await db.passkey.findMany({
          where: { userId: user.id },
          orderBy: { createdAt: 'asc' },
          select: { credentialId: true, aaguid: true, backupEligible: true, backedUp: true },
        });
        expect(flags).toEqual([
          { credentialId: first.credentials[0]!.id, aaguid: ZERO_AAGUID, backupEligible: false, backedUp: false },
          { credentialId: synced.credentials[0]!.id, aaguid: GOOGLE_PASSWORD_MANAGER, backupEligible: true, backedUp: true },
          { credentialId: notYetBackedUp.credentials[0]!.id, aaguid: ZERO_AAGUID, backupEligible: true, backedUp: false },
        ]);
        expect(await eventDetails(user.id, 'passkey_added')).toEqual([{ passkey: DEFAULT_NAME }, { passkey: 'Google Password Manager' }, { passkey: `${DEFAULT_NAME} 2` }]);
      });

      test('after 5 minutes the current password is needed: none, or a wrong one, is refused, and wrong ones are throttled with sign-in', async () => {
        const user = await userWithPassword();
        await ageSignIn(user.session.sessionId);
        expect(await startAddingPasskey(user.session, '', chromeOnLinux)).toEqual({ ok: false, error: 'password_required' });
        for (let attempt = 0; attempt < 5; attempt++) {
          expect(await startAddingPasskey(user.session, `wrong-${attempt}`, chromeOnLinux)).toEqual({ ok: false, error: 'wrong_password' });
        }
        expect(await startAddingPasskey(user.session, password, chromeOnLinux)).toEqual({ ok: false, error: 'throttled', retryAfterSeconds: 60 });
        // The same count as the sign-in form's: a stolen session is no way round it.
        expect(await signIn({ email: user.email, password }, client)).toEqual({ ok: false, error: 'throttled', retryAfterSeconds: 60 });
        expect(await passkeyCount(user.id)).toBe(0);
      });

      test('the right current password lets it through and counts as a fresh sign-in', async () => {
        const user = await userWithPassword();
        await ageSignIn(user.session.sessionId);
        const authenticator = new SoftwareAuthenticator();
        expect(await addPasskeyOf(authenticator, user, { currentPassword: password })).toEqual({ ok: true, name: DEFAULT_NAME });
        const db = await getDb();
        const { authenticatedAt } = await db.session.findUniqueOrThrow({ where: { id: user.session.sessionId } });
        expect(Date.now() - authenticatedAt.getTime()).toBeLessThan(60_000);
        // Within the next 5 minutes no password is asked again.
        expect((await addPasskeyOf(new SoftwareAuthenticator(), user)).ok).toBe(true);
        expect(await passkeyCount(user.id)).toBe(2);
      });

      test("an answer counts only for the session that asked, once: another session's, another user's, another ceremony's or a replay is expired", async () => {
        const user = await userWithPassword();
        const otherSignIn = await signIn({ email: user.email, password }, client);
        if (!otherSignIn.ok) throw new Error('sign-in failed');
        const otherSession = (await validateAccessToken(otherSignIn.tokens.accessToken))!;
        const stranger = await userWithPassword();
        const start = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const response = new SoftwareAuthenticator().register(start.options, { origin: ORIGIN });

        const expired = { ok: false, error: 'expired' };
        expect(await addPasskey(otherSession, start.token, response, chromeOnLinux)).toEqual(expired);
        expect(await addPasskey(stranger.session, start.token, response, chromeOnLinux)).toEqual(expired);
        expect(await addPasskey(user.session, (await startPasskeySignIn()).token, response, chromeOnLinux)).toEqual(expired);
        expect(await addPasskey(user.session, null, response, chromeOnLinux)).toEqual(expired);
        expect(await passkeyCount(user.id)).toBe(0);
        expect(await passkeyCount(stranger.id)).toBe(0);

        expect(await addPasskey(user.session, start.token, response, chromeOnLinux)).toEqual({ ok: true, name: DEFAULT_NAME });
        expect(await addPasskey(user.session, start.token, response, chromeOnLinux)).toEqual(expired);
        expect(await passkeyCount(user.id)).toBe(1);
        expect(await eventDetails(user.id, 'passkey_added')).toHaveLength(1);
        expect(await mailsTo(user.email, 'passkey_added')).toHaveLength(1);
      });

      test('two racing answers to one challenge store one passkey; the other is expired', async () => {
        const user = await userWithPassword();
        const start = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const response = new SoftwareAuthenticator().register(start.options, { origin: ORIGIN });
        const results = await Promise.all([1, 2].map(() => addPasskey(user.session, start.token, response, chromeOnLinux)));
        expect(results).toEqual(expect.arrayContaining([{ ok: true, name: DEFAULT_NAME }, { ok: false, error: 'expired' }]));
        expect(await passkeyCount(user.id)).toBe(1);
        expect(await mailsTo(user.email, 'passkey_added')).toHaveLength(1);
      });

      test("the same credential again is already_added, for this account or another's: the stored passkey stays its owner's", async () => {
        const user = await userWithPassword();
        const authenticator = new SoftwareAuthenticator();
        const start = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const response = authenticator.register(start.options, { origin: ORIGIN });
        expect((await addPasskey(user.session, start.token, response, chromeOnLinux)).ok).toBe(true);

        const again = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!again.ok) throw new Error(`start failed: ${again.error}`);
        // An authenticator honouring excludeCredentials makes nothing; the server does not rely on that.
        expect(() => authenticator.register(again.options, { origin: ORIGIN })).toThrow('a credential in excludeCredentials is on this authenticator');
        expect(await addPasskey(user.session, again.token, reanswered(response, again.options.challenge), chromeOnLinux)).toEqual({ ok: false, error: 'already_added' });

        const stranger = await userWithPassword();
        const theirs = await startAddingPasskey(stranger.session, '', chromeOnLinux);
        if (!theirs.ok) throw new Error(`start failed: ${theirs.error}`);
        expect(await addPasskey(stranger.session, theirs.token, reanswered(response, theirs.options.challenge), chromeOnLinux)).toEqual({
          ok: false,
          error: 'already_added',
        });

        const db = await getDb();
        expect(await db.passkey.findMany({ where: { credentialId: response.id }, select: { userId: true } })).toEqual([{ userId: user.id }]);
        expect(await passkeyCount(stranger.id)).toBe(0);
        expect(await eventDetails(user.id, 'passkey_added')).toHaveLength(1);
        expect(await eventDetails(stranger.id, 'passkey_added')).toEqual([]);
        expect(await mailsTo(stranger.email, 'passkey_added')).toEqual([]);
        expect((await signInWithPasskeyOf(authenticator)).ok).toBe(true);
      });

      test(`an account holds at most ${MAX_PASSKEYS}: one more is refused at the start, and at the end when others were added meanwhile`, async () => {
        const user = await userWithPassword();
        await storeOtherPasskeys(user.id, MAX_PASSKEYS - 1);
        const start = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        // Another tab adds the 20th while this browser makes its passkey.
        await storeOtherPasskeys(user.id, 1);
        const response = new SoftwareAuthenticator().register(start.options, { origin: ORIGIN });
        expect(await addPasskey(user.session, start.token, response, chromeOnLinux)).toEqual({ ok: false, error: 'too_many' });
        expect(await passkeyCount(user.id)).toBe(MAX_PASSKEYS);
        expect(await startAddingPasskey(user.session, '', chromeOnLinux)).toEqual({ ok: false, error: 'too_many' });
        expect(await eventDetails(user.id, 'passkey_added')).toEqual([]);

        // With one removed there is room again.
        const [oldest] = await listPasskeys(user.id);
        expect(await removePasskey(user.id, oldest!.id, client)).toEqual({ ok: true });
        expect((await addPasskeyOf(new SoftwareAuthenticator(), user)).ok).toBe(true);
        expect(await passkeyCount(user.id)).toBe(MAX_PASSKEYS);
      });

      test('a registration for another origin or RP ID, or without user verification, is refused and recorded with its reason', async () => {
        const user = await userWithPassword();
        const authenticator = new SoftwareAuthenticator();
        const start = await startAddingPasskey(user.session, '', chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const forged = [
          { origin: 'https://latchkey.example.net' },
          { origin: ORIGIN, rpId: 'latchkey.example.net' },
          { origin: ORIGIN, userVerified: false },
        ];
        for (const ceremony of forged) {
          expect(await addPasskey(user.session, start.token, authenticator.register(start.options, ceremony), chromeOnLinux)).toEqual({
            ok: false,
            error: 'passkey_refused',
          });
        }
        expect(await eventDetails(user.id, 'passkey_failed')).toEqual([
          { reason: 'wrong_origin', ceremony: 'add' },
          { reason: 'wrong_rp_id', ceremony: 'add' },
          { reason: 'user_not_verified', ceremony: 'add' },
        ]);
        expect(await passkeyCount(user.id)).toBe(0);
        expect(await mailsTo(user.email, 'passkey_added')).toEqual([]);
      });
    });

    test("renaming: the owner's passkey takes the new name, recorded; another user's is not touched", async () => {
      const user = await userWithPassword();
      const stranger = await userWithPassword();
      await addPasskeyOf(new SoftwareAuthenticator(), user);
      const [passkey] = await listPasskeys(user.id);
      expect(await renamePasskey(stranger.id, passkey!.id, 'Mine now', client)).toBe(false);
      expect(await renamePasskey(user.id, passkey!.id, 'Work laptop', client)).toBe(true);
      expect((await listPasskeys(user.id)).map((view) => view.name)).toEqual(['Work laptop']);
      expect(await eventDetails(user.id, 'passkey_renamed')).toEqual([{ passkey: 'Work laptop' }]);
      expect(await eventDetails(stranger.id, 'passkey_renamed')).toEqual([]);
    });

    describe('removing a passkey', () => {
      test("removes it, records passkey_removed and tells the owner; it no longer signs in; another user's is not_found", async () => {
        const user = await userWithPassword();
        const stranger = await userWithPassword();
        const removed = new SoftwareAuthenticator();
        const kept = new SoftwareAuthenticator();
        await addPasskeyOf(removed, user);
        await addPasskeyOf(kept, user);
        const [first] = await listPasskeys(user.id);
        await renamePasskey(user.id, first!.id, 'Old phone', client);

        expect(await removePasskey(stranger.id, first!.id, client)).toEqual({ ok: false, error: 'not_found' });
        expect(await passkeyCount(user.id)).toBe(2);
        expect(await removePasskey(user.id, first!.id, client)).toEqual({ ok: true });
        expect(await removePasskey(user.id, first!.id, client)).toEqual({ ok: false, error: 'not_found' });

        const db = await getDb();
        expect(await db.passkey.findMany({ where: { userId: user.id }, select: { credentialId: true } })).toEqual([{ credentialId: kept.credentials[0]!.id }]);
        expect(await eventDetails(user.id, 'passkey_removed')).toEqual([{ passkey: 'Old phone' }]);
        expect(await eventDetails(stranger.id, 'passkey_removed')).toEqual([]);
        const mails = await mailsTo(user.email, 'passkey_removed');
        expect(mails.map((mail) => mail.subject)).toEqual(['A passkey was removed']);
        expect(mails[0]!.text).toContain('“Old phone”');
        expect(await signInWithPasskeyOf(removed)).toEqual({ ok: false, error: 'passkey_refused' });
        expect((await signInWithPasskeyOf(kept)).ok).toBe(true);
      });

      test('the only passkey of an account without a password stays (last_sign_in_method); with a password the last one can go', async () => {
        const authenticator = new SoftwareAuthenticator();
        const passwordless = await userWithPasskeyOnly(authenticator);
        const [only] = await listPasskeys(passwordless.id);
        expect(await removePasskey(passwordless.id, only!.id, client)).toEqual({ ok: false, error: 'last_sign_in_method' });
        expect(await passkeyCount(passwordless.id)).toBe(1);
        expect(await eventDetails(passwordless.id, 'passkey_removed')).toEqual([]);
        expect(await mailsTo(passwordless.email, 'passkey_removed')).toEqual([]);
        expect((await signInWithPasskeyOf(authenticator)).ok).toBe(true);

        const withPassword = await userWithPassword();
        await addPasskeyOf(new SoftwareAuthenticator(), withPassword);
        const [last] = await listPasskeys(withPassword.id);
        expect(await removePasskey(withPassword.id, last!.id, client)).toEqual({ ok: true });
        expect(await passkeyCount(withPassword.id)).toBe(0);
      });

      // Without the user's row lock both would count two passkeys and delete theirs: no way in left.
      test('two removals racing on a passwordless account with two passkeys: exactly one goes, the account keeps a way in', async () => {
        const user = await userWithPasskeyOnly();
        await addPasskeyOf(new SoftwareAuthenticator(), user);
        const passkeys = await listPasskeys(user.id);
        expect(passkeys).toHaveLength(2);
        const results = await whileRowsLocked(
          passkeys.map((passkey) => passkey.id),
          () => passkeys.map((passkey) => removePasskey(user.id, passkey.id, client)),
        );
        expect(results).toEqual(expect.arrayContaining([{ ok: true }, { ok: false, error: 'last_sign_in_method' }]));
        expect(await passkeyCount(user.id)).toBe(1);
        expect(await eventDetails(user.id, 'passkey_removed')).toHaveLength(1);
      });
    });

    describe('signing up with a passkey', () => {
      test("saves the sign-up page's language and sends the verification mail in it", async () => {
        const email = newEmail();
        const start = await startPasskeySignUp(email, chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const result = await signUpWithPasskey(start.token, new SoftwareAuthenticator().register(start.options, { origin: ORIGIN }), chromeOnLinux, 'de');
        expect(result.ok).toBe(true);
        const db = await getDb();
        expect((await db.user.findUniqueOrThrow({ where: { email } })).locale).toBe('de');
        expect((await db.mailMessage.findFirstOrThrow({ where: { to: email } })).subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse');
      });

      test('creates the account without a password, under the handle its authenticator was given, with its passkey, a session, the events and the verification mail', async () => {
        const email = newEmail();
        const authenticator = new SoftwareAuthenticator();
        const start = await startPasskeySignUp(email, chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        expect(start.options.user.name).toBe(email);
        const result = await signUpWithPasskey(start.token, authenticator.register(start.options, { origin: ORIGIN }), chromeOnLinux);
        if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);

        const session = await validateAccessToken(result.tokens.accessToken);
        expect(session?.user.email).toBe(email);
        const db = await getDb();
        const user = await db.user.findUniqueOrThrow({ where: { email }, include: { passkeys: true, sessions: true } });
        expect(user.passwordHash).toBeNull();
        expect(user.passkeyUserHandle).toBe(start.options.user.id);
        expect(user.passkeyUserHandle).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(user.passkeys.map((passkey) => ({ credentialId: passkey.credentialId, name: passkey.name }))).toEqual([
          { credentialId: authenticator.credentials[0]!.id, name: DEFAULT_NAME },
        ]);
        expect(user.sessions.map((row) => row.id)).toEqual([session?.sessionId]);
        const events = await db.auditEvent.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
        expect(events.map((event) => [event.type, event.detail])).toEqual([
          ['sign_up', { method: 'passkey' }],
          ['passkey_added', { passkey: DEFAULT_NAME }],
        ]);
        const mails = await db.mailMessage.findMany({ where: { to: email }, select: { kind: true, subject: true } });
        expect(mails).toEqual([{ kind: 'verify_email', subject: 'Verify your email address' }]);
        expect(await signInMethods(user.id)).toEqual({ password: false, passkeys: 1, providers: 0 });
        expect((await signInWithPasskeyOf(authenticator)).ok).toBe(true);
      });

      test('a taken email is said at the start; taken meanwhile, the end refuses and writes nothing', async () => {
        expect(await startPasskeySignUp(await newUser(), chromeOnLinux)).toEqual({ ok: false, error: 'email_taken' });

        const email = newEmail();
        const start = await startPasskeySignUp(email, chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const response = new SoftwareAuthenticator().register(start.options, { origin: ORIGIN });
        expect((await signUp({ email, password }, client)).ok).toBe(true);
        const db = await getDb();
        const sessions = await db.session.count();
        const events = await db.auditEvent.count();

        expect(await signUpWithPasskey(start.token, response, chromeOnLinux)).toEqual({ ok: false, error: 'email_taken' });
        expect(await db.passkey.count({ where: { credentialId: response.id } })).toBe(0);
        expect(await db.session.count()).toBe(sessions);
        expect(await db.auditEvent.count()).toBe(events);
        const owner = await db.user.findUniqueOrThrow({ where: { email } });
        expect(owner.passwordHash).not.toBeNull();
        expect(owner.passkeyUserHandle).toBeNull();
      });

      test('a replayed answer is expired and makes no second account', async () => {
        const email = newEmail();
        const start = await startPasskeySignUp(email, chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const response = new SoftwareAuthenticator().register(start.options, { origin: ORIGIN });
        expect((await signUpWithPasskey(start.token, response, chromeOnLinux)).ok).toBe(true);
        expect(await signUpWithPasskey(start.token, response, chromeOnLinux)).toEqual({ ok: false, error: 'expired' });
        const db = await getDb();
        const user = await db.user.findUniqueOrThrow({ where: { email }, include: { sessions: true, passkeys: true } });
        expect([user.sessions.length, user.passkeys.length]).toEqual([1, 1]);
      });

      test('a refused answer creates nothing and is recorded with the email tried', async () => {
        const email = newEmail();
        const start = await startPasskeySignUp(email, chromeOnLinux);
        if (!start.ok) throw new Error(`start failed: ${start.error}`);
        const response = new SoftwareAuthenticator().register(start.options, { origin: ORIGIN, userVerified: false });
        expect(await signUpWithPasskey(start.token, response, chromeOnLinux)).toEqual({ ok: false, error: 'passkey_refused' });
        const db = await getDb();
        expect(await db.user.count({ where: { email } })).toBe(0);
        const failed = await db.auditEvent.findMany({ where: { type: 'passkey_failed', detail: { path: ['email'], equals: email } } });
        expect(failed.map((event) => [event.userId, event.detail])).toEqual([[null, { reason: 'user_not_verified', ceremony: 'sign-up', email }]]);
      });

      test('passkey sign-ups count against SIGNUP_IP_MAX together with password sign-ups', async () => {
        // Addresses no other flow signs up from: the lowered limit counts this test's sign-ups alone.
        const from = { ...chromeOnLinux, ip: '198.51.100.170' };
        await withLimits({ signUpIpMax: 2 }, async () => {
          expect((await signUp({ email: newEmail(), password }, from)).ok).toBe(true);
          expect((await startPasskeySignUp(newEmail(), from)).ok).toBe(true);
          const email = newEmail();
          expect(await startPasskeySignUp(email, from)).toEqual({ ok: false, error: 'throttled', retryAfterSeconds: expect.any(Number) });
          expect(await signUp({ email, password }, from)).toMatchObject({ ok: false, error: 'throttled' });
          expect((await startPasskeySignUp(email, { ...from, ip: '198.51.100.171' })).ok).toBe(true);
        });
      });
    });

    describe('an account without a password', () => {
      test('password sign-in is refused as invalid credentials, by the form and by the API; its methods say so', async () => {
        const user = await userWithPasskeyOnly();
        expect(await signIn({ email: user.email, password }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
        expect(await eventDetails(user.id, 'sign_in_failed')).toEqual([{ email: user.email }]);
        const response = await token(formRequest('/api/auth/token', { grant_type: 'password', username: user.email, password }));
        await expectError(response, 400, 'invalid_grant', 'Incorrect email or password.');
        expect(await signInMethods(user.id)).toEqual({ password: false, passkeys: 1, providers: 0 });
      });

      test('a first password needs a recent sign-in; once set it signs in, and is recorded and mailed', async () => {
        const user = await userWithPasskeyOnly();
        const firstPassword = 'a-first-password-1';
        await ageSignIn(user.session.sessionId);
        expect(await setFirstPassword(user.session, firstPassword, chromeOnLinux)).toEqual({ ok: false, error: 'not_recent' });
        expect(await signInMethods(user.id)).toEqual({ password: false, passkeys: 1, providers: 0 });
        expect(await eventDetails(user.id, 'password_set')).toEqual([]);

        await ageSignIn(user.session.sessionId, RECENT_AUTHENTICATION_SECONDS - 30);
        expect(await setFirstPassword(user.session, firstPassword, chromeOnLinux)).toEqual({ ok: true });
        expect(await eventDetails(user.id, 'password_set')).toHaveLength(1);
        expect((await mailsTo(user.email, 'password_set')).map((mail) => mail.subject)).toEqual(['A password was set']);
        expect(await signInMethods(user.id)).toEqual({ password: true, passkeys: 1, providers: 0 });
        expect((await signIn({ email: user.email, password: firstPassword }, client)).ok).toBe(true);

        // Once there is a password, it is changed with the current one, not set again.
        expect(await setFirstPassword(user.session, 'a-second-password-2', chromeOnLinux)).toEqual({ ok: false, error: 'has_password' });
        expect((await signIn({ email: user.email, password: firstPassword }, client)).ok).toBe(true);
        expect(await eventDetails(user.id, 'password_set')).toHaveLength(1);
      });

      test('an account made with a password has one: setting a first password is has_password', async () => {
        const user = await userWithPassword();
        expect(await setFirstPassword(user.session, 'a-second-password-2', chromeOnLinux)).toEqual({ ok: false, error: 'has_password' });
        expect((await signIn({ email: user.email, password }, client)).ok).toBe(true);
        expect(await mailsTo(user.email, 'password_set')).toEqual([]);
      });

      test('a password reset of a verified account sets its first password, and says so; its passkey still signs in', async () => {
        const authenticator = new SoftwareAuthenticator();
        const user = await userWithPasskeyOnly(authenticator);
        await (await getDb()).user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });

        expect(await resetWithMailedLink(user.email, 'a-reset-password-1')).toMatchObject({ ok: true, signedIn: true });
        expect(await signInMethods(user.id)).toEqual({ password: true, passkeys: 1, providers: 0 });
        expect((await signIn({ email: user.email, password: 'a-reset-password-1' }, client)).ok).toBe(true);
        expect((await signInWithPasskeyOf(authenticator)).ok).toBe(true);
        expect(await mailsTo(user.email, 'password_set')).toHaveLength(1);
        expect(await mailsTo(user.email, 'password_changed')).toEqual([]);
      });

      test("a reset that first proves an unverified account's mailbox removes the passkeys made before it (pre-hijacking)", async () => {
        // A squatter opened the account in the owner's name with their own passkey; the owner,
        // who holds the mailbox, takes it over with a reset.
        const squatter = new SoftwareAuthenticator();
        const user = await userWithPasskeyOnly(squatter);
        const [passkey] = await listPasskeys(user.id);

        expect(await resetWithMailedLink(user.email, 'a-reset-password-1')).toMatchObject({ ok: true, signedIn: true });
        expect(await signInMethods(user.id)).toEqual({ password: true, passkeys: 0, providers: 0 });
        expect(await eventDetails(user.id, 'passkey_removed')).toEqual([{ passkey: passkey!.name, reason: 'email_proved_by_reset' }]);
        expect(await signInWithPasskeyOf(squatter)).toEqual({ ok: false, error: 'passkey_refused' });
        expect(await validateAccessToken(user.tokens.accessToken)).toBeNull();
      });
    });
  });
}
