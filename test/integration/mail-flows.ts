import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signUp } from '@/lib/accounts/sign-up';
import { signIn } from '@/lib/accounts/sign-in';
import { changePassword } from '@/lib/accounts/password-change';
import { checkEmailToken } from '@/lib/auth/email-tokens';
import { resetPassword, sendPasswordResetMail } from '@/lib/accounts/password-reset';
import { hashToken } from '@/lib/auth/refresh-token';
import { refreshSession, validateAccessToken } from '@/lib/accounts/sessions';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { resendVerificationMail, verifyEmail } from '@/lib/accounts/verification';
import { saveLanguage } from '@/lib/accounts/language';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { MAX_MAIL_ATTEMPTS, deliverPendingMail, startMailWorker } from '@/lib/mail/worker';
import { captureLog, loggedWith } from '../support/log';
import { SMTP_PASSWORD, type TestSmtp } from '../support/smtp';

// Mail end to end on each database: the app queues, the worker delivers to a real SMTP server
// running in the test (test/support/smtp.ts), and the tests read the parsed mail and follow its
// links. SMTP_URL points at that server (set by the calling file before the config is read).

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const CHROME_LINUX_NEWER = CHROME_LINUX.replace('120.0.0.0', '131.0.0.0');
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0';
const password = 'correct-horse-battery';
const newPassword = 'new-staple-lantern-42';
let counter = 0;
const newEmail = () => `mail-${Date.now()}-${counter++}@example.com`;
// Each test signs up from an address of its own, so the sign-up limit per address never bites.
const newClient = (userAgent = CHROME_LINUX) => ({ userAgent, ip: `198.51.100.${(counter++ % 250) + 1}` });

function recipient(mail: ParsedMail): string {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.map((address) => address.text).join(', ');
}

export function describeMailFlows(name: string, smtp: TestSmtp): void {
  describe(`mail on ${name}`, () => {
    const logged = captureLog();
    const deliver = (now?: Date) => deliverPendingMail(now);
    const mailsTo = (email: string) => smtp.received.filter((mail) => recipient(mail) === email);
    const subjectsTo = (email: string) => mailsTo(email).map((mail) => mail.subject);

    function tokenIn(mail: ParsedMail | undefined, path: string): string {
      const match = new RegExp(`http://localhost:3000${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail?.text ?? '');
      if (!match?.[1]) throw new Error(`no ${path} link in: ${mail?.text}`);
      expect(mail?.html).toContain(`href="http://localhost:3000${path}?token=${match[1]}"`);
      return match[1];
    }

    async function newUser() {
      const email = newEmail();
      const client = newClient();
      const result = await signUp({ email, password }, client);
      if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);
      return { email, client, tokens: result.tokens };
    }

    beforeAll(async () => {
      await getDatabase();
    });
    afterAll(async () => {
      await closeDatabase();
    });

    test('sign-up queues a verification mail; the worker sends it over SMTP; its link verifies the address once', async () => {
      const { email, client, tokens } = await newUser();
      expect((await validateAccessToken(tokens.accessToken))?.user.emailVerified).toBe(false);
      const db = await getDb();
      const queued = await db.mailMessage.findFirstOrThrow({ where: { to: email } });
      expect(queued).toMatchObject({ kind: 'verify_email', sentAt: null, attempts: 0 });

      await deliver();
      const [mail, ...others] = mailsTo(email);
      expect(others).toHaveLength(0);
      expect(mail?.subject).toBe('Verify your email address');
      expect(mail?.from?.value).toEqual([{ name: 'Latchkey', address: 'no-reply@localhost' }]);
      expect(mail?.text).toContain('expires in 24 hours');
      const token = tokenIn(mail, '/verify-email');
      // Sent: the row says how, and no longer holds the body with its live link.
      const sent = await db.mailMessage.findUniqueOrThrow({ where: { id: queued.id } });
      expect(sent).toMatchObject({ deliveredVia: 'smtp', attempts: 1, text: '', html: '', lastError: null });
      expect(sent.sentAt).not.toBeNull();
      // Only the hash of the token is stored.
      expect(await db.emailToken.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
      expect(await db.emailToken.count({ where: { tokenHash: token } })).toBe(0);

      expect(await verifyEmail(token, client)).toEqual({ ok: true });
      expect((await validateAccessToken(tokens.accessToken))?.user.emailVerified).toBe(true);
      expect(await verifyEmail(token, client)).toEqual({ ok: false, error: 'used' });
      expect(await db.auditEvent.count({ where: { user: { email }, type: 'email_verified' } })).toBe(1);
    });

    test('resending the verification mail replaces the earlier link, is throttled per user, and stops once verified', async () => {
      const { email, client, tokens } = await newUser();
      const userId = (await verifyAccessToken(tokens.accessToken))!.userId;
      expect(await resendVerificationMail(userId)).toEqual({ ok: true });
      await deliver();
      const [first, second] = mailsTo(email);
      const firstToken = tokenIn(first, '/verify-email');
      const secondToken = tokenIn(second, '/verify-email');
      expect(await verifyEmail(firstToken, client)).toEqual({ ok: false, error: 'used' });

      expect(await resendVerificationMail(userId)).toEqual({ ok: true });
      expect(await resendVerificationMail(userId)).toEqual({ ok: true });
      expect(await resendVerificationMail(userId)).toMatchObject({ ok: false, error: 'throttled', retryAfterSeconds: 60 });
      // The newest link works; the one from the second mail was replaced by the later resends.
      await deliver();
      expect(await verifyEmail(secondToken, client)).toEqual({ ok: false, error: 'used' });
      expect(await verifyEmail(tokenIn(mailsTo(email).at(-1), '/verify-email'), client)).toEqual({ ok: true });
      expect(await resendVerificationMail(userId)).toEqual({ ok: false, error: 'already_verified' });
    });

    test('password reset: the mailed link sets a new password, ends every session, signs in afresh and tells the owner', async () => {
      const { email, client, tokens: signUpTokens } = await newUser();
      const elsewhere = await signIn({ email, password }, newClient());
      if (!elsewhere.ok) throw new Error('sign-in failed');

      await sendPasswordResetMail(email, client);
      await sendPasswordResetMail(email, client);
      await deliver();
      const resets = mailsTo(email).filter((mail) => mail.subject === 'Reset your password');
      expect(resets).toHaveLength(2);
      expect(resets[0]?.text).toContain('expires in 30 minutes');
      const older = tokenIn(resets[0], '/reset-password');
      const newer = tokenIn(resets[1], '/reset-password');
      // Asking again retired the first link.
      expect(await resetPassword(older, newPassword, client)).toEqual({ ok: false, error: 'used' });

      const result = await resetPassword(newer, newPassword, client);
      if (!result.ok || !result.signedIn) throw new Error(`reset failed: ${JSON.stringify(result)}`);
      expect(await validateAccessToken(signUpTokens.accessToken)).toBeNull();
      expect(await validateAccessToken(elsewhere.tokens.accessToken)).toBeNull();
      expect(await refreshSession(elsewhere.tokens.refreshToken, client)).toMatchObject({ ok: false });
      const fresh = await validateAccessToken(result.tokens.accessToken);
      expect(fresh?.user.email).toBe(email);
      // Following a link sent to the address proves it too.
      expect(fresh?.user.emailVerified).toBe(true);

      expect(await resetPassword(newer, 'another-password-77', client)).toEqual({ ok: false, error: 'used' });
      expect(await signIn({ email, password }, newClient())).toEqual({ ok: false, error: 'invalid_credentials' });
      expect((await signIn({ email, password: newPassword }, newClient())).ok).toBe(true);

      const db = await getDb();
      const types = (await db.auditEvent.findMany({ where: { user: { email } }, select: { type: true } })).map((event) => event.type);
      expect(types.filter((type) => type === 'password_reset_requested')).toHaveLength(2);
      expect(types.filter((type) => type === 'password_reset')).toHaveLength(1);
      await deliver();
      expect(subjectsTo(email)).toContain('Your password was changed');
    });

    test('no reset mail for an unknown email or a disabled account', async () => {
      const db = await getDb();
      const before = await db.mailMessage.count();
      await sendPasswordResetMail(newEmail(), newClient());
      const { email } = await newUser();
      await db.user.update({ where: { email }, data: { disabledAt: new Date() } });
      await sendPasswordResetMail(email, newClient());
      // Only the disabled account's own verification mail from sign-up.
      expect(await db.mailMessage.count()).toBe(before + 1);
    });

    test('an expired or tampered reset link changes nothing', async () => {
      const { email, client } = await newUser();
      await sendPasswordResetMail(email, client);
      await deliver();
      const token = tokenIn(mailsTo(email).at(-1), '/reset-password');
      const tampered = `${token.slice(0, 10)}${token[10] === 'x' ? 'y' : 'x'}${token.slice(11)}`;
      expect(await resetPassword(tampered, newPassword, client)).toEqual({ ok: false, error: 'invalid' });

      const db = await getDb();
      await db.emailToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect(await resetPassword(token, newPassword, client)).toEqual({ ok: false, error: 'expired' });
      expect((await signIn({ email, password }, client)).ok).toBe(true);
    });

    test('a password change retires the reset links mailed before it, in the same transaction', async () => {
      const { email, client, tokens } = await newUser();
      await sendPasswordResetMail(email, client);
      await deliver();
      const link = tokenIn(mailsTo(email).at(-1), '/reset-password');
      const session = await validateAccessToken(tokens.accessToken);
      if (!session) throw new Error('no session');
      expect((await changePassword(session, { currentPassword: password, newPassword }, client)).ok).toBe(true);
      // Whoever else holds the link can no longer undo the change.
      expect(await checkEmailToken(await getDb(), link, 'RESET')).toEqual({ ok: false, error: 'used' });
      expect(await resetPassword(link, 'attacker-password-99', client)).toEqual({ ok: false, error: 'used' });
      expect((await signIn({ email, password: newPassword }, newClient())).ok).toBe(true);
    });

    test('of concurrent uses of one reset link, exactly one succeeds', async () => {
      const { email, client } = await newUser();
      await sendPasswordResetMail(email, client);
      await deliver();
      const token = tokenIn(mailsTo(email).at(-1), '/reset-password');
      const results = await Promise.all(Array.from({ length: 5 }, (_, index) => resetPassword(token, `${newPassword}-${index}`, client)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.error === 'used')).toHaveLength(4);
      const db = await getDb();
      expect(await db.session.count({ where: { user: { email }, revokedAt: null } })).toBe(1);
    });

    test('a refused mail is retried with backoff, then delivered', async () => {
      await deliver();
      const { email, tokens } = await newUser();
      const db = await getDb();
      const message = await db.mailMessage.findFirstOrThrow({ where: { to: email } });
      smtp.refuseNext(2);
      const t0 = new Date();
      const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

      await deliver(t0);
      let row = await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } });
      expect(row).toMatchObject({ attempts: 1, sentAt: null, failedAt: null });
      expect(row.lastError).toContain('451');
      expect(row.nextAttemptAt).toEqual(at(30));
      expect(loggedWith(logged, 'mail delivery failed').at(-1)).toEqual(
        expect.objectContaining({ level: 50, mailId: message.id, kind: 'verify_email', attempt: 1, maxAttempts: MAX_MAIL_ATTEMPTS, givingUp: false, error: expect.stringContaining('451') }),
      );

      await deliver(at(29));
      expect((await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } })).attempts).toBe(1);

      await deliver(at(30));
      row = await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } });
      expect(row).toMatchObject({ attempts: 2, sentAt: null });
      expect(row.nextAttemptAt).toEqual(at(90));
      expect(mailsTo(email)).toHaveLength(0);

      await deliver(at(90));
      row = await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } });
      expect(row).toMatchObject({ attempts: 3, deliveredVia: 'smtp', lastError: null });
      expect(mailsTo(email)).toHaveLength(1);
      // The user's sign-up never waited for any of it.
      expect(await validateAccessToken(tokens.accessToken)).not.toBeNull();
    });

    test(`after ${MAX_MAIL_ATTEMPTS} refusals a mail is marked failed and logged, without secrets`, async () => {
      await deliver();
      const { email } = await newUser();
      const db = await getDb();
      const message = await db.mailMessage.findFirstOrThrow({ where: { to: email } });
      smtp.refuseNext(MAX_MAIL_ATTEMPTS);
      let now = new Date();
      for (let attempt = 1; attempt <= MAX_MAIL_ATTEMPTS; attempt++) {
        await deliver(now);
        now = new Date(now.getTime() + 24 * 3600 * 1000);
      }
      const row = await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } });
      expect(row).toMatchObject({ attempts: MAX_MAIL_ATTEMPTS, sentAt: null, text: '', html: '' });
      expect(row.failedAt).not.toBeNull();
      await deliver(now);
      expect((await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } })).attempts).toBe(MAX_MAIL_ATTEMPTS);
      const lines = logged.filter((line) => line.includes(message.id));
      expect(lines).toHaveLength(MAX_MAIL_ATTEMPTS);
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ msg: 'mail delivery failed', attempt: MAX_MAIL_ATTEMPTS, givingUp: true });
      for (const line of lines) {
        expect(line).not.toContain(email);
        expect(line).not.toContain(SMTP_PASSWORD);
        expect(line).not.toContain('token=');
      }
      expect(mailsTo(email)).toHaveLength(0);
    });

    test('two workers at once send each mail once', async () => {
      const emails = [];
      for (let i = 0; i < 4; i++) emails.push((await newUser()).email);
      await Promise.all([deliver(), deliver(), deliver()]);
      for (const email of emails) expect(mailsTo(email)).toHaveLength(1);
    });

    test('stopping the worker (a shutdown) lets the batch being delivered finish, and polls no more', async () => {
      const emails: string[] = [];
      for (let i = 0; i < 3; i++) emails.push((await newUser()).email);
      const delivered = () => emails.filter((email) => mailsTo(email).length === 1).length;
      const stop = startMailWorker();
      // The first poll comes after a second; the batch sends one mail after the other.
      while (delivered() === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      await stop();
      expect(delivered()).toBe(3);
      const late = (await newUser()).email;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(mailsTo(late)).toHaveLength(0);
      await deliver();
    });

    test('security notices: password changed, new device, refresh-token reuse', async () => {
      const { email, client, tokens } = await newUser();
      const current = await validateAccessToken(tokens.accessToken);
      // Same browser and OS, newer version, other address: recognised, no notice.
      expect((await signIn({ email, password }, { userAgent: CHROME_LINUX_NEWER, ip: '192.0.2.44' })).ok).toBe(true);
      const firefox = await signIn({ email, password }, { userAgent: FIREFOX_MAC, ip: '192.0.2.45' });
      if (!firefox.ok) throw new Error('sign-in failed');
      // Now Firefox on macOS is known too.
      expect((await signIn({ email, password }, { userAgent: FIREFOX_MAC, ip: '192.0.2.46' })).ok).toBe(true);
      await deliver();
      const newDevice = mailsTo(email).filter((mail) => mail.subject === 'New sign-in from an unrecognised device');
      expect(newDevice).toHaveLength(1);
      expect(newDevice[0]?.text).toContain('Firefox on macOS, IP address 192.0.2.45');

      expect((await changePassword(current!, { currentPassword: password, newPassword }, client)).ok).toBe(true);
      await deliver();
      const changed = mailsTo(email).filter((mail) => mail.subject === 'Your password was changed');
      expect(changed).toHaveLength(1);
      expect(changed[0]?.text).toContain(`Chrome on Linux, IP address ${client.ip}`);

      const again = await signIn({ email, password: newPassword }, client);
      if (!again.ok) throw new Error('sign-in failed');
      const rotated = await refreshSession(again.tokens.refreshToken, client);
      expect(rotated.ok).toBe(true);
      const db = await getDb();
      await db.refreshToken.update({ where: { tokenHash: hashToken(again.tokens.refreshToken) }, data: { usedAt: new Date(Date.now() - 60_000) } });
      const thief = { userAgent: FIREFOX_MAC, ip: '192.0.2.66' };
      expect(await refreshSession(again.tokens.refreshToken, thief)).toEqual({ ok: false, error: 'reused', session: expect.anything() });
      await deliver();
      const reuse = mailsTo(email).filter((mail) => mail.subject === 'A session was ended: possible token theft');
      expect(reuse).toHaveLength(1);
      expect(reuse[0]?.text).toContain('Firefox on macOS, IP address 192.0.2.66');
    });

    describe("in the recipient's language", () => {
      // "25. Nov. 2026, 14:35 UTC": day first, 24-hour clock, the zone named.
      const GERMAN_TIME = /Zeitpunkt: \d{1,2}\. \S+ \d{4}, \d{2}:\d{2} UTC\./;
      const ENGLISH_TIME = /When: [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC\./;

      async function userIn(locale: 'en' | 'de' | undefined) {
        const email = newEmail();
        const client = newClient();
        const result = await signUp({ email, password }, client, locale);
        if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);
        return { email, client, userId: (await verifyAccessToken(result.tokens.accessToken))!.userId };
      }

      test('a sign-up on a German page saves German; its verification mail and later notices are German', async () => {
        const { email, userId } = await userIn('de');
        const db = await getDb();
        expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).locale).toBe('de');
        expect((await signIn({ email, password }, { userAgent: FIREFOX_MAC, ip: '192.0.2.47' })).ok).toBe(true);
        await deliver();
        const [verify, notice] = mailsTo(email);
        expect(verify?.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse');
        expect(verify?.text).toContain('läuft in 24 Stunden ab');
        tokenIn(verify, '/verify-email');
        expect(notice?.subject).toBe('Neue Anmeldung von einem unbekannten Gerät');
        expect(notice?.text).toMatch(GERMAN_TIME);
        expect(notice?.text).toContain('Gerät: Firefox unter macOS, IP-Adresse 192.0.2.47.');
        expect(notice?.text).toContain('Passwort zurücksetzen: http://localhost:3000/forgot-password');
        expect(notice?.html).toContain('<html lang="de">');
        // The queue keeps the language, so the outbox and the admin's list mark each mail's words as German.
        expect(new Set((await db.mailMessage.findMany({ where: { to: email }, select: { locale: true } })).map((row) => row.locale))).toEqual(new Set(['de']));
      });

      test('an English user gets English, and so does one with no saved language (DEFAULT_LOCALE)', async () => {
        for (const locale of ['en', undefined] as const) {
          const { email } = await userIn(locale);
          expect((await signIn({ email, password }, { userAgent: FIREFOX_MAC, ip: '192.0.2.48' })).ok).toBe(true);
          await deliver();
          expect(subjectsTo(email)).toEqual(['Verify your email address', 'New sign-in from an unrecognised device']);
          expect(mailsTo(email)[1]?.text).toMatch(ENGLISH_TIME);
        }
      });

      test('a reset asked for on a German page is German, whatever the account saved', async () => {
        const { email, client } = await userIn('en');
        await sendPasswordResetMail(email, client, 'de');
        await deliver();
        const reset = mailsTo(email).at(-1);
        expect(reset?.subject).toBe('Setzen Sie Ihr Passwort zurück');
        expect(reset?.text).toContain('läuft in 30 Minuten ab');
        tokenIn(reset, '/reset-password');
      });

      test("a resent verification mail is in the saved language, else the page's", async () => {
        const saved = await userIn('en');
        expect(await resendVerificationMail(saved.userId, 'de')).toEqual({ ok: true });
        const unsaved = await userIn(undefined);
        expect(await resendVerificationMail(unsaved.userId, 'de')).toEqual({ ok: true });
        await deliver();
        expect(subjectsTo(saved.email)).toEqual(['Verify your email address', 'Verify your email address']);
        expect(subjectsTo(unsaved.email)).toEqual(['Verify your email address', 'Bestätigen Sie Ihre E-Mail-Adresse']);
      });

      test('a mail queued before the owner changes language keeps its words', async () => {
        const { email, userId } = await userIn('en');
        await saveLanguage(userId, 'de');
        await deliver();
        expect(subjectsTo(email)).toEqual(['Verify your email address']);
      });
    });

    test('checking a reset link does not use it', async () => {
      const { email, client } = await newUser();
      await sendPasswordResetMail(email, client);
      await deliver();
      const token = tokenIn(mailsTo(email).at(-1), '/reset-password');
      const db = await getDb();
      expect((await checkEmailToken(db, token, 'RESET')).ok).toBe(true);
      expect((await checkEmailToken(db, token, 'RESET')).ok).toBe(true);
      expect((await resetPassword(token, newPassword, client)).ok).toBe(true);
    });
  });
}
