import { expect, test } from 'vitest';
import { signIn } from '@/lib/accounts/sign-in';
import { validateAccessToken } from '@/lib/accounts/sessions';
import { signUp } from '@/lib/accounts/sign-up';
import { getDb } from '@/lib/db';
import { client, newEmail, password, sessionIdOf } from '../support/accounts';
import { describeOnDatabase } from '../support/database';

// The sign-in rules (lib/accounts/sign-in.ts), run against each database Latchkey supports
// (pglite.test.ts, postgres.test.ts). Each test file gives its flows an empty database of their
// own.

export function describeSignInFlows(name: string): void {
  describeOnDatabase(`sign-in on ${name}`, () => {
    test('sign-in issues tokens whose session the DAL accepts', async () => {
      const email = newEmail();
      await signUp({ email, password }, client);
      const result = await signIn({ email, password }, client);
      if (!result.ok) throw new Error('sign-in failed');
      const session = await validateAccessToken(result.tokens.accessToken);
      expect(session?.user.email).toBe(email);
      expect(session?.user.role).toBe('USER');
      expect(session?.sessionId).toBe(await sessionIdOf(result.tokens));
    });

    test('wrong password and unknown email fail alike and create no session', async () => {
      const email = newEmail();
      await signUp({ email, password }, client);
      const db = await getDb();
      const sessionsBefore = await db.session.count();
      expect(await signIn({ email, password: 'wrong-password' }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
      expect(await signIn({ email: newEmail(), password }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
      expect(await db.session.count()).toBe(sessionsBefore);
    });
  });
}
