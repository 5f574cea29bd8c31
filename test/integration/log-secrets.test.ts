import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resetPassword, sendPasswordResetMail } from '@/lib/accounts/password-reset';
import { endSession, refreshSession } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import { completeMfaSignIn } from '@/lib/accounts/two-factor-sign-in';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { getLogger } from '@/lib/log';
import { deliverPendingMail } from '@/lib/mail/worker';
import { client, newUser, password } from '../support/accounts';
import { captureLog, loggedWith } from '../support/log';
import { totpCode, turnOnMfa } from '../support/mfa';
import { type Secret, findSecrets } from '../support/secret-scan';

// What the server logs while people sign in, refresh, reset and use their second factor: the
// events, by type and user id, and none of the secrets that went by. The e2e run checks the same
// of a whole production server's log (e2e/secrets-in-log.server-log.spec.ts) with the scanner
// tested here.

const logged = captureLog();

beforeAll(async () => {
  await getDatabase();
});
afterAll(async () => {
  await closeDatabase();
});

describe('the log of the auth flows', () => {
  test('names each event and its user, and holds no password, token, code or email', async () => {
    const email = await newUser();
    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const secrets: Secret[] = [{ kind: 'password', value: password }];
    const signedIn = await signIn({ email, password }, client);
    if (!signedIn.ok) throw new Error('sign-in failed');
    secrets.push({ kind: 'access token', value: signedIn.tokens.accessToken }, { kind: 'refresh token', value: signedIn.tokens.refreshToken });
    const refreshed = await refreshSession(signedIn.tokens.refreshToken, client);
    if (!refreshed.ok) throw new Error('refresh failed');
    secrets.push({ kind: 'refresh token', value: refreshed.tokens.refreshToken });
    await signIn({ email, password: 'a-wrong-password-9' }, client);
    secrets.push({ kind: 'wrong password', value: 'a-wrong-password-9' });

    await sendPasswordResetMail(email, client);
    await deliverPendingMail();
    const mail = await db.mailMessage.findFirstOrThrow({ where: { to: email, kind: 'reset_password' } });
    const resetToken = /\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const newPassword = 'lantern-staple-orbit-31';
    secrets.push({ kind: 'reset token', value: resetToken }, { kind: 'new password', value: newPassword });
    expect(await resetPassword(resetToken, newPassword, client)).toMatchObject({ ok: true });

    const { secret, recoveryCodes } = await turnOnMfa(user);
    const code = totpCode(secret);
    secrets.push({ kind: 'TOTP key', value: secret }, { kind: 'TOTP code', value: code }, ...recoveryCodes.map((value) => ({ kind: 'recovery code', value })));
    // The password was reset above: the new one opens the way to the second factor.
    const first = await signIn({ email, password: newPassword }, client);
    if (first.ok || first.error !== 'mfa_required') throw new Error(`expected mfa_required, got ${JSON.stringify(first)}`);
    const challenge = first.challenge;
    secrets.push({ kind: 'MFA challenge', value: challenge });
    const second = await completeMfaSignIn(challenge, code, client);
    if (!second.ok) throw new Error(`second factor refused: ${JSON.stringify(second)}`);
    await endSession(second.tokens, client);

    expect(findSecrets(logged.join('\n'), secrets)).toEqual([]);
    expect(logged.join('\n')).not.toContain(email);
    const events = loggedWith(logged, 'audit event').filter((line) => line.userId === user.id);
    expect(events.map((line) => line.event)).toEqual([
      'sign_up',
      'sign_in',
      'sign_in_failed',
      'password_reset_requested',
      'password_reset',
      'mfa_enabled',
      'sign_in',
      'sign_out',
    ]);
    expect(Object.keys(events[0]!).sort()).toEqual(['event', 'hostname', 'level', 'msg', 'pid', 'time', 'userId']);
  });
});

describe('the scanner and the redaction', () => {
  test('a secret planted in a log line is found, with its line', () => {
    const planted = 'r3fr3sh-t0ken-planted-in-the-log';
    const log = ['{"msg":"request","route":"/login"}', `{"msg":"oops","note":"${planted}"}`].join('\n');
    expect(findSecrets(log, [{ kind: 'refresh token', value: planted }])).toEqual([{ kind: 'refresh token', preview: 'r3fr…', line: 2 }]);
  });

  test('a short code counts only as a word of its own, not inside longer runs of letters and digits', () => {
    const code = [{ kind: 'TOTP code', value: '482913' }];
    expect(findSecrets('{"code":"482913"}', code)).toHaveLength(1);
    expect(findSecrets('code 482913 entered', code)).toHaveLength(1);
    expect(findSecrets('{"pid":14829130}', code)).toEqual([]);
    expect(findSecrets('{"id":"ab482913cd"}', code)).toEqual([]);
  });

  test('fields named like secrets are redacted by the logger itself, at the top level and one down', () => {
    const before = logged.length;
    getLogger().info(
      { password: 'hunter2-top', code: '135790', headers: { authorization: 'Bearer abc.def.ghi' }, user: { password: 'hunter2-nested', refreshToken: 'rt-nested-value' } },
      'careless',
    );
    const line = logged.slice(before).join('\n');
    expect(JSON.parse(line)).toMatchObject({
      password: '[redacted]',
      code: '[redacted]',
      headers: '[redacted]',
      user: { password: '[redacted]', refreshToken: '[redacted]' },
    });
    for (const value of ['hunter2-top', '135790', 'abc.def.ghi', 'hunter2-nested', 'rt-nested-value']) expect(line).not.toContain(value);
  });
});
