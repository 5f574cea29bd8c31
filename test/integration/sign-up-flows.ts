import { expect, test } from 'vitest';
import { signUp } from '@/lib/accounts/sign-up';
import { signUpSchema } from '@/lib/auth/credentials';
import { hashToken } from '@/lib/auth/refresh-token';
import { getDb } from '@/lib/db';
import { deliverPendingMail } from '@/lib/mail/worker';
import { client, newEmail, password, sessionIdOf } from '../support/accounts';
import { describeOnDatabase } from '../support/database';

// The sign-up rules (lib/accounts/sign-up.ts), run against each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Each test file gives its flows an empty database of their
// own.

export function describeSignUpFlows(name: string): void {
  describeOnDatabase(`sign-up on ${name}`, () => {
    test('sign-up stores a normalised email, a bcrypt hash and a hashed refresh token', async () => {
      const email = newEmail();
      const input = signUpSchema.parse({ email: `  ${email.toUpperCase()} `, password, confirmPassword: password });
      const result = await signUp(input, client);
      if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);

      const db = await getDb();
      const user = await db.user.findUniqueOrThrow({ where: { email }, include: { sessions: { include: { refreshTokens: true } } } });
      expect(user.role).toBe('USER');
      expect(user.passwordHash).toMatch(/^\$2[aby]\$10\$/);
      expect(user.passwordHash).not.toContain(password);
      expect(user.sessions).toHaveLength(1);
      const [session] = user.sessions;
      expect(session?.id).toBe(await sessionIdOf(result.tokens));
      expect(session?.userAgent).toBe('vitest');
      expect(session?.ip).toBe('203.0.113.7');
      expect(session?.refreshTokens).toHaveLength(1);
      expect(session?.refreshTokens[0]?.tokenHash).toBe(hashToken(result.tokens.refreshToken));
      expect(result.tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      const stored = JSON.stringify(user);
      expect(stored).not.toContain(result.tokens.refreshToken);
    });

    test('with no SMTP_URL, mail is delivered to the dev outbox and keeps its body there', async () => {
      const email = newEmail();
      expect((await signUp({ email, password }, client)).ok).toBe(true);
      await deliverPendingMail();
      const db = await getDb();
      const mail = await db.mailMessage.findFirstOrThrow({ where: { to: email } });
      expect(mail).toMatchObject({ kind: 'verify_email', deliveredVia: 'outbox', attempts: 1, subject: 'Verify your email address' });
      expect(mail.sentAt).not.toBeNull();
      expect(mail.text).toMatch(/http:\/\/localhost:3000\/verify-email\?token=[A-Za-z0-9_-]{43}/);
    });

    test('a taken email is refused and leaves no user or session behind', async () => {
      const email = newEmail();
      expect((await signUp({ email, password }, client)).ok).toBe(true);
      const db = await getDb();
      const sessionsBefore = await db.session.count();
      expect(await signUp({ email, password: 'another-password' }, client)).toEqual({ ok: false, error: 'email_taken' });
      expect(await db.user.count({ where: { email } })).toBe(1);
      expect(await db.session.count()).toBe(sessionsBefore);
    });

    test('concurrent sign-ups with one email create exactly one account', async () => {
      const email = newEmail();
      const results = await Promise.all(Array.from({ length: 5 }, () => signUp({ email, password }, client)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      const db = await getDb();
      expect(await db.user.count({ where: { email } })).toBe(1);
      const user = await db.user.findUniqueOrThrow({ where: { email }, include: { sessions: true } });
      expect(user.sessions).toHaveLength(1);
    });
  });
}
