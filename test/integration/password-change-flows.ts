import { expect, test } from 'vitest';
import { changePassword } from '@/lib/accounts/password-change';
import { refreshSession, validateAccessToken } from '@/lib/accounts/sessions';
import { signIn } from '@/lib/accounts/sign-in';
import { signUp } from '@/lib/accounts/sign-up';
import { client, newEmail, password } from '../support/accounts';
import { describeOnDatabase } from '../support/database';
import { rotate } from '../support/refresh-tokens';

// Changing the password (lib/accounts/password-change.ts), run against each database Latchkey
// supports (pglite.test.ts, postgres.test.ts). Each test file gives its flows an empty database of
// their own.

export function describePasswordChangeFlows(name: string): void {
  describeOnDatabase(`password change on ${name}`, () => {
    test('a password change revokes the other sessions and renews the current one', async () => {
      const email = newEmail();
      const current = await signUp({ email, password }, client);
      const other = await signIn({ email, password }, client);
      if (!current.ok || !other.ok) throw new Error('sign-in failed');
      const session = (await validateAccessToken(current.tokens.accessToken))!;

      expect(await changePassword(session, { currentPassword: 'wrong-password', newPassword: 'a-new-password' }, client)).toEqual({
        ok: false,
        error: 'wrong_password',
      });
      expect(await validateAccessToken(other.tokens.accessToken)).not.toBeNull();

      const changed = await changePassword(session, { currentPassword: password, newPassword: 'a-new-password' }, client);
      if (!changed.ok) throw new Error('change failed');
      expect(await validateAccessToken(other.tokens.accessToken)).toBeNull();
      expect(await validateAccessToken(changed.tokens.accessToken)).not.toBeNull();
      expect(await refreshSession(current.tokens.refreshToken, client)).toEqual({ ok: false, error: 'invalid' });
      expect((await rotate(changed.tokens.refreshToken)).refreshToken).toBeTruthy();
      expect((await signIn({ email, password }, client)).ok).toBe(false);
      expect((await signIn({ email, password: 'a-new-password' }, client)).ok).toBe(true);
    });
  });
}
