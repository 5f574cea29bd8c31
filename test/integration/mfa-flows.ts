import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signUp } from '@/lib/accounts/sign-up';
import { signIn } from '@/lib/accounts/sign-in';
import { changePassword } from '@/lib/accounts/password-change';
import { issueEmailToken } from '@/lib/auth/email-tokens';
import { cancelMfaSetup, disableMfa, enableMfa, getMfaSettings, regenerateRecoveryCodes, startMfaSetup } from '@/lib/accounts/two-factor-settings';
import { issueMfaChallenge } from '@/lib/auth/mfa-challenge';
import { completeMfaSignIn } from '@/lib/accounts/two-factor-sign-in';
import { resetPassword } from '@/lib/accounts/password-reset';
import { RECENT_AUTHENTICATION_SECONDS } from '@/lib/accounts/recent-authentication';
import { verifySecondFactor } from '@/lib/accounts/second-factor';
import { validateAccessToken } from '@/lib/accounts/sessions';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { ageSignIn } from '../support/accounts';
import { challengeFor, totpCode, turnOnMfa, wrongTotpCode } from '../support/mfa';

// Two-factor authentication, run against each database (pglite.test.ts, postgres.test.ts).

const client = { userAgent: 'vitest', ip: '203.0.113.9' };
const password = 'correct-horse-battery';
let counter = 0;

async function newUser() {
  const email = `mfa-flow-${Date.now()}-${counter++}@example.com`;
  const result = await signUp({ email, password }, client);
  if (!result.ok) throw new Error('sign-up failed');
  const session = (await validateAccessToken(result.tokens.accessToken))!;
  return { id: session.user.id, email, session };
}

async function liveSessions(userId: string): Promise<number> {
  return (await getDb()).session.count({ where: { userId, revokedAt: null } });
}

async function eventTypes(userId: string): Promise<string[]> {
  const events = await (await getDb()).auditEvent.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return events.map((event) => event.type);
}

export function describeMfaFlows(name: string): void {
  describe(`two-factor authentication on ${name}`, () => {
    beforeAll(async () => {
      await getDatabase();
    });
    afterAll(async () => {
      await closeDatabase();
    });

    test('setting up keeps an encrypted secret on the server; a wrong code leaves MFA off', async () => {
      const user = await newUser();
      expect(await getMfaSettings(user)).toEqual({ state: 'off' });
      await startMfaSetup(user.id);
      const settings = await getMfaSettings(user);
      if (settings.state !== 'setting_up') throw new Error('not setting up');
      expect(settings.qrSvg).toMatch(/^<svg/);
      const db = await getDb();
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.totpPendingSecretEncrypted).toMatch(/^v1\./);
      expect(row.totpPendingSecretEncrypted).not.toContain(settings.secret);

      expect(await enableMfa(user.session, { code: wrongTotpCode(settings.secret), password: '' }, client)).toEqual({ ok: false, error: 'wrong_code' });
      expect((await getMfaSettings(user)).state).toBe('setting_up');
      await cancelMfaSetup(user.id);
      expect(await getMfaSettings(user)).toEqual({ state: 'off' });
      expect(await enableMfa(user.session, { code: totpCode(settings.secret), password: '' }, client)).toEqual({ ok: false, error: 'not_setting_up' });
      expect((await signIn({ email: user.email, password }, client)).ok).toBe(true);
    });

    test('turning MFA on stores the secret encrypted and 10 hashed recovery codes, and is recorded', async () => {
      const user = await newUser();
      const { secret, recoveryCodes } = await turnOnMfa(user);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      const db = await getDb();
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { recoveryCodes: true } });
      expect(row.totpEnabledAt).not.toBeNull();
      expect(row.totpPendingSecretEncrypted).toBeNull();
      expect(row.totpSecretEncrypted).toMatch(/^v1\./);
      expect(row.recoveryCodes).toHaveLength(10);
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(secret);
      for (const code of recoveryCodes) {
        expect(stored).not.toContain(code);
        expect(stored).not.toContain(code.replace('-', ''));
      }
      expect(await eventTypes(user.id)).toContain('mfa_enabled');
      expect(await getMfaSettings(user)).toEqual({ state: 'on', enabledAt: row.totpEnabledAt, recoveryCodesLeft: 10 });
    });

    test('sign-in stops after the password; the code then creates the session', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      const db = await getDb();
      const sessionsBefore = await db.session.count({ where: { userId: user.id } });
      const challenge = await challengeFor(user.email, client);
      expect(await db.session.count({ where: { userId: user.id } })).toBe(sessionsBefore);

      const result = await completeMfaSignIn(challenge, totpCode(secret), client);
      if (!result.ok) throw new Error(`second step failed: ${result.error}`);
      expect((await validateAccessToken(result.tokens.accessToken))?.user.email).toBe(user.email);
      const signInEvent = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'sign_in' } });
      expect(signInEvent.detail).toEqual({ secondFactor: 'totp' });
    });

    test('a code cannot be used twice, nor an older one after a newer one', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      const current = totpCode(secret);
      expect((await completeMfaSignIn(await challengeFor(user.email, client), current, client)).ok).toBe(true);
      expect(await completeMfaSignIn(await challengeFor(user.email, client), current, client)).toEqual({ ok: false, error: 'wrong_code' });
      expect((await completeMfaSignIn(await challengeFor(user.email, client), totpCode(secret, 1), client)).ok).toBe(true);
      expect(await completeMfaSignIn(await challengeFor(user.email, client), current, client)).toEqual({ ok: false, error: 'wrong_code' });
      expect((await eventTypes(user.id)).filter((type) => type === 'mfa_failed')).toHaveLength(2);
    });

    test('of concurrent sign-ins with one code, exactly one succeeds', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      const code = totpCode(secret);
      const challenges = await Promise.all(Array.from({ length: 4 }, () => challengeFor(user.email, client)));
      const results = await Promise.all(challenges.map((challenge) => completeMfaSignIn(challenge, code, client)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
    });

    test('a recovery code works once, in any case and with or without its dash', async () => {
      const user = await newUser();
      const { recoveryCodes } = await turnOnMfa(user);
      const [first, second] = recoveryCodes as [string, string];
      const result = await completeMfaSignIn(await challengeFor(user.email, client), ` ${first.toUpperCase()} `, client);
      expect(result.ok).toBe(true);
      expect(await completeMfaSignIn(await challengeFor(user.email, client), first, client)).toEqual({ ok: false, error: 'wrong_code' });
      expect((await completeMfaSignIn(await challengeFor(user.email, client), second.replace('-', ''), client)).ok).toBe(true);
      expect(await getMfaSettings(user)).toMatchObject({ state: 'on', recoveryCodesLeft: 8 });
      const types = await eventTypes(user.id);
      expect(types.filter((type) => type === 'mfa_recovery_code_used')).toHaveLength(2);
      expect(types.filter((type) => type === 'mfa_failed')).toHaveLength(1);
      const db = await getDb();
      const signIns = await db.auditEvent.findMany({ where: { userId: user.id, type: 'sign_in', detail: { equals: { secondFactor: 'recovery_code' } } } });
      expect(signIns).toHaveLength(2);
    });

    test('of concurrent uses of one recovery code, exactly one succeeds', async () => {
      const user = await newUser();
      const { recoveryCodes } = await turnOnMfa(user);
      const results = await Promise.all(Array.from({ length: 4 }, () => verifySecondFactor(user.id, recoveryCodes[0]!, client)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
    });

    test('another user\'s recovery code or an encrypted secret copied from another row is refused', async () => {
      const alice = await newUser();
      const bob = await newUser();
      const aliceMfa = await turnOnMfa(alice);
      await turnOnMfa(bob);
      expect((await verifySecondFactor(bob.id, aliceMfa.recoveryCodes[0]!, client)).ok).toBe(false);
      const db = await getDb();
      const { totpSecretEncrypted } = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
      await db.user.update({ where: { id: bob.id }, data: { totpSecretEncrypted, totpLastStep: null } });
      expect((await verifySecondFactor(bob.id, totpCode(aliceMfa.secret), client)).ok).toBe(false);
    });

    test('when the stored secret no longer decrypts (the key changed), recovery codes still sign in', async () => {
      const user = await newUser();
      const { secret, recoveryCodes } = await turnOnMfa(user);
      const db = await getDb();
      await db.user.update({ where: { id: user.id }, data: { totpSecretEncrypted: 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
      expect(await completeMfaSignIn(await challengeFor(user.email, client), totpCode(secret), client)).toEqual({ ok: false, error: 'wrong_code' });
      expect((await completeMfaSignIn(await challengeFor(user.email, client), recoveryCodes[0]!, client)).ok).toBe(true);
    });

    test('a forged, expired-user or other-purpose challenge is refused; a disabled account is told so', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      expect(await completeMfaSignIn('garbage', totpCode(secret), client)).toEqual({ ok: false, error: 'expired' });
      const challenge = await challengeFor(user.email, client);
      const db = await getDb();
      await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
      expect(await completeMfaSignIn(challenge, totpCode(secret), client)).toEqual({ ok: false, error: 'account_disabled' });
      // A challenge for an account without MFA (turned off meanwhile) leads back to the password.
      const plain = await newUser();
      expect(await completeMfaSignIn(await issueMfaChallenge(db, plain.id, ['pwd']), '123456', client)).toEqual({ ok: false, error: 'expired' });
    });

    test('regenerating needs a valid code and replaces the whole set', async () => {
      const user = await newUser();
      const { secret, recoveryCodes } = await turnOnMfa(user);
      expect(await regenerateRecoveryCodes(user.session, { code: wrongTotpCode(secret), password: '' }, client)).toEqual({ ok: false, error: 'wrong_code' });
      const regenerated = await regenerateRecoveryCodes(user.session, { code: totpCode(secret), password: '' }, client);
      if (!regenerated.ok) throw new Error('regenerate failed');
      expect(regenerated.recoveryCodes).toHaveLength(10);
      expect(regenerated.recoveryCodes.some((code) => recoveryCodes.includes(code))).toBe(false);
      expect((await verifySecondFactor(user.id, recoveryCodes[1]!, client)).ok).toBe(false);
      expect((await verifySecondFactor(user.id, regenerated.recoveryCodes[1]!, client)).ok).toBe(true);
      expect(await eventTypes(user.id)).toContain('mfa_recovery_codes_regenerated');
    });

    test('wrong codes are throttled like passwords: after 5, even the right code waits', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      const challenge = await challengeFor(user.email, client);
      for (let attempt = 0; attempt < 5; attempt++) {
        expect(await completeMfaSignIn(challenge, wrongTotpCode(secret), client)).toEqual({ ok: false, error: 'wrong_code' });
      }
      expect(await completeMfaSignIn(challenge, totpCode(secret), client)).toEqual({ ok: false, error: 'throttled', retryAfterSeconds: 60 });
      // The same count guards the settings: a stolen session cannot guess codes there instead.
      expect(await regenerateRecoveryCodes(user.session, { code: totpCode(secret), password: '' }, client)).toMatchObject({ ok: false, error: 'throttled' });
      const db = await getDb();
      await db.throttleAttempt.deleteMany({ where: { key: { contains: user.id } } });
      expect((await completeMfaSignIn(challenge, totpCode(secret), client)).ok).toBe(true);
    });

    test('turning MFA off needs the password and a valid code; afterwards the password alone signs in', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      expect(await disableMfa(user, { password: 'wrong-password', code: totpCode(secret) }, client)).toEqual({ ok: false, error: 'wrong_password' });
      expect(await disableMfa(user, { password, code: wrongTotpCode(secret) }, client)).toEqual({ ok: false, error: 'wrong_code' });
      expect((await getMfaSettings(user)).state).toBe('on');
      expect(await disableMfa(user, { password, code: totpCode(secret) }, client)).toEqual({ ok: true });
      const db = await getDb();
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { recoveryCodes: true } });
      expect(row).toMatchObject({ totpSecretEncrypted: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: [] });
      expect((await signIn({ email: user.email, password }, client)).ok).toBe(true);
      expect(await eventTypes(user.id)).toEqual(expect.arrayContaining(['mfa_enabled', 'mfa_failed', 'mfa_disabled']));
      // Each change is announced by mail, queued in the same transaction.
      const mails = await db.mailMessage.findMany({ where: { to: user.email, kind: { in: ['mfa_enabled', 'mfa_disabled'] } }, orderBy: { createdAt: 'asc' } });
      expect(mails.map((mail) => mail.kind)).toEqual(['mfa_enabled', 'mfa_disabled']);
    });
    test('a challenge makes one session: used again, even with another valid code, it is refused and spends nothing', async () => {
      const user = await newUser();
      const { secret, recoveryCodes } = await turnOnMfa(user);
      const challenge = await challengeFor(user.email, client);
      expect((await completeMfaSignIn(challenge, totpCode(secret), client)).ok).toBe(true);
      expect(await completeMfaSignIn(challenge, recoveryCodes[0]!, client)).toEqual({ ok: false, error: 'expired' });
      expect(await completeMfaSignIn(challenge, totpCode(secret, 1), client)).toEqual({ ok: false, error: 'expired' });
      // Checked before the code, so the recovery code is still there.
      expect(await getMfaSettings(user)).toMatchObject({ state: 'on', recoveryCodesLeft: 10 });
    });

    test('two racing redemptions of one challenge, each with its own valid code, make exactly one session', async () => {
      const user = await newUser();
      const { secret, recoveryCodes } = await turnOnMfa(user);
      const before = await liveSessions(user.id);
      const challenge = await challengeFor(user.email, client);
      const results = await Promise.all([
        completeMfaSignIn(challenge, totpCode(secret), client),
        completeMfaSignIn(challenge, recoveryCodes[0]!, client),
        completeMfaSignIn(challenge, recoveryCodes[1]!, client),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.error === 'expired')).toHaveLength(2);
      expect(await liveSessions(user.id)).toBe(before + 1);
    });

    test('a password change ends the outstanding challenges of the user', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      const pending = await challengeFor(user.email, client);
      const changed = await changePassword(user.session, { currentPassword: password, newPassword: 'a-new-password-42' }, client);
      expect(changed.ok).toBe(true);
      expect(await completeMfaSignIn(pending, totpCode(secret), client)).toEqual({ ok: false, error: 'expired' });
      const result = await signIn({ email: user.email, password: 'a-new-password-42' }, client);
      if (result.ok || result.error !== 'mfa_required') throw new Error('expected mfa_required');
      expect((await completeMfaSignIn(result.challenge, totpCode(secret), client)).ok).toBe(true);
    });

    test('a password reset of an account with two-factor on starts no session: the code is still needed', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      const pending = await challengeFor(user.email, client);
      const db = await getDb();
      const link = await db.$transaction((tx) => issueEmailToken(tx, user.id, 'RESET'));

      const reset = await resetPassword(link, 'a-new-password-42', client);
      if (!reset.ok || reset.signedIn) throw new Error(`expected a challenge, got ${JSON.stringify(reset)}`);
      // Every session ended, none began, and a challenge from before the reset is over.
      expect(await liveSessions(user.id)).toBe(0);
      expect(await completeMfaSignIn(pending, totpCode(secret), client)).toEqual({ ok: false, error: 'expired' });

      expect(await completeMfaSignIn(reset.mfaChallenge, wrongTotpCode(secret), client)).toEqual({ ok: false, error: 'wrong_code' });
      const signedIn = await completeMfaSignIn(reset.mfaChallenge, totpCode(secret), client);
      if (!signedIn.ok) throw new Error(`second step failed: ${signedIn.error}`);
      expect((await validateAccessToken(signedIn.tokens.accessToken))?.user.id).toBe(user.id);
      expect(await liveSessions(user.id)).toBe(1);
    });

    test('turning MFA on needs the current password once the sign-in is older than 5 minutes', async () => {
      const user = await newUser();
      await ageSignIn(user.session.sessionId);
      await startMfaSetup(user.id);
      const settings = await getMfaSettings(user);
      if (settings.state !== 'setting_up') throw new Error('not setting up');
      const code = totpCode(settings.secret);
      expect(await enableMfa(user.session, { code, password: '' }, client)).toEqual({ ok: false, error: 'password_required' });
      expect(await enableMfa(user.session, { code, password: 'not-the-password' }, client)).toEqual({ ok: false, error: 'wrong_password' });
      expect((await getMfaSettings(user)).state).toBe('setting_up');
      const enabled = await enableMfa(user.session, { code, password }, client);
      expect(enabled.ok).toBe(true);
      // The password counts as a fresh sign-in for this session.
      const { authenticatedAt } = await (await getDb()).session.findUniqueOrThrow({ where: { id: user.session.sessionId } });
      expect(Date.now() - authenticatedAt.getTime()).toBeLessThan(60_000);
    });

    test('new recovery codes need the current password once the sign-in is older than 5 minutes; the password counts as a fresh sign-in', async () => {
      const user = await newUser();
      const { secret } = await turnOnMfa(user);
      await ageSignIn(user.session.sessionId);
      expect(await regenerateRecoveryCodes(user.session, { code: totpCode(secret), password: '' }, client)).toEqual({ ok: false, error: 'password_required' });
      expect(await regenerateRecoveryCodes(user.session, { code: totpCode(secret), password: 'not-the-password' }, client)).toEqual({
        ok: false,
        error: 'wrong_password',
      });
      expect((await regenerateRecoveryCodes(user.session, { code: totpCode(secret), password }, client)).ok).toBe(true);
      // Within the next 5 minutes the session needs no password again.
      expect((await regenerateRecoveryCodes(user.session, { code: totpCode(secret, 1), password: '' }, client)).ok).toBe(true);
      // Just inside the window still counts; the refusal above is about age, not about the code.
      await ageSignIn(user.session.sessionId, RECENT_AUTHENTICATION_SECONDS - 30);
      expect(await regenerateRecoveryCodes(user.session, { code: wrongTotpCode(secret), password: '' }, client)).toEqual({ ok: false, error: 'wrong_code' });
    });
  });
}
