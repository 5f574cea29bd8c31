import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOrPromoteAdmin, removeUserPasskey, setDisabled, setRole, signOutUser } from '@/lib/admin/actions';
import { getAdminOverview } from '@/lib/admin/overview';
import { listUsers } from '@/lib/admin/users';
import { listEvents } from '@/lib/audit';
import { listPasskeys } from '@/lib/accounts/passkeys';
import { signUp } from '@/lib/accounts/sign-up';
import { signIn } from '@/lib/accounts/sign-in';
import { validateAccessToken } from '@/lib/accounts/sessions';
import { verifyAccessToken } from '@/lib/auth/tokens';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { SoftwareAuthenticator } from '../support/authenticator';
import { addPasskeyTo, signInWithPasskeyOf, userWithPasskeyOnly } from '../support/passkeys';

// The admin rules, run against each database (pglite.test.ts, postgres.test.ts).

const client = { userAgent: 'vitest', ip: '203.0.113.8' };
const password = 'correct-horse-battery';
let counter = 0;

async function newUser(role: 'USER' | 'ADMIN' = 'USER') {
  const email = `admin-flow-${Date.now()}-${counter++}@example.com`;
  const result = await signUp({ email, password }, client);
  if (!result.ok) throw new Error('sign-up failed');
  // Promoted behind the app's back, before any session check has read (and cached) the role.
  const { userId } = (await verifyAccessToken(result.tokens.accessToken))!;
  if (role === 'ADMIN') await (await getDb()).user.update({ where: { id: userId }, data: { role } });
  return { id: userId, email, accessToken: result.tokens.accessToken };
}

/** Leaves `keep` as the only active admin, whatever earlier tests created. */
async function onlyAdmin(keep: { id: string }) {
  await (await getDb()).user.updateMany({ where: { role: 'ADMIN', id: { not: keep.id } }, data: { role: 'USER' } });
}

/** A passwordless account, made with a passkey, as newUser returns accounts. */
async function newPasskeyUser() {
  const authenticator = new SoftwareAuthenticator();
  const account = await userWithPasskeyOnly(authenticator);
  return { id: account.id, email: account.email, accessToken: account.tokens.accessToken, authenticator };
}

async function eventsOf(userId: string, type: 'passkey_removed') {
  return (await getDb()).auditEvent.findMany({ where: { userId, type }, orderBy: { createdAt: 'asc' } });
}

async function mailsTo(email: string, kind: 'passkey_removed_by_admin') {
  return (await getDb()).mailMessage.findMany({ where: { to: email, kind } });
}

async function activeAdmins(): Promise<number> {
  return (await getDb()).user.count({ where: { role: 'ADMIN', disabledAt: null } });
}

export function describeAdminFlows(name: string): void {
  describe(`admin rules on ${name}`, () => {
    beforeAll(async () => {
      await getDatabase();
    });
    afterAll(async () => {
      await closeDatabase();
    });

    test('the last active admin can be neither demoted nor disabled, by anyone', async () => {
      const admin = await newUser('ADMIN');
      await onlyAdmin(admin);
      expect(await setRole(admin, admin.id, 'USER', client)).toEqual({ ok: false, error: 'last_admin' });
      expect(await setDisabled(admin, admin.id, true, client)).toEqual({ ok: false, error: 'last_admin' });
      const other = await newUser('ADMIN');
      expect(await setRole(other, admin.id, 'USER', client)).toEqual({ ok: true });
      expect(await setRole(other, other.id, 'USER', client)).toEqual({ ok: false, error: 'last_admin' });
      expect(await activeAdmins()).toBe(1);
    });

    test('two admins demoting or disabling each other at once leave exactly one admin', async () => {
      for (const act of [
        (actor: { id: string; email: string }, target: string) => setRole(actor, target, 'USER', client),
        (actor: { id: string; email: string }, target: string) => setDisabled(actor, target, true, client),
      ]) {
        const a = await newUser('ADMIN');
        const b = await newUser('ADMIN');
        await onlyAdmin(a);
        await (await getDb()).user.update({ where: { id: b.id }, data: { role: 'ADMIN' } });
        const results = await Promise.all([act(a, b.id), act(b, a.id)]);
        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, error: 'last_admin' }]);
        expect(await activeAdmins()).toBe(1);
      }
    });

    test('disabling ends every session at once and blocks sign-in; enabling allows it again', async () => {
      const admin = await newUser('ADMIN');
      const user = await newUser();
      const second = await signIn({ email: user.email, password }, client);
      if (!second.ok) throw new Error('sign-in failed');
      expect(await setDisabled(admin, user.id, true, client)).toEqual({ ok: true });
      expect(await validateAccessToken(user.accessToken)).toBeNull();
      expect(await validateAccessToken(second.tokens.accessToken)).toBeNull();
      expect(await signIn({ email: user.email, password }, client)).toEqual({ ok: false, error: 'account_disabled' });
      expect(await signIn({ email: user.email, password: 'wrong-password' }, client)).toEqual({ ok: false, error: 'invalid_credentials' });
      expect(await setDisabled(admin, user.id, false, client)).toEqual({ ok: true });
      expect((await signIn({ email: user.email, password }, client)).ok).toBe(true);
    });

    test('a demoted admin loses admin access at the next request; the DAL reads the role from the database', async () => {
      const admin = await newUser('ADMIN');
      const demoted = await newUser('ADMIN');
      expect((await validateAccessToken(demoted.accessToken))?.user.role).toBe('ADMIN');
      expect(await setRole(admin, demoted.id, 'USER', client)).toEqual({ ok: true });
      expect((await validateAccessToken(demoted.accessToken))?.user.role).toBe('USER');
    });

    test('an admin can sign a user out everywhere; every admin action is audited with who did it', async () => {
      const admin = await newUser('ADMIN');
      const user = await newUser();
      expect(await signOutUser(admin, user.id, client)).toEqual({ ok: true });
      expect(await validateAccessToken(user.accessToken)).toBeNull();
      await setRole(admin, user.id, 'ADMIN', client);
      await setDisabled(admin, user.id, true, client);
      await setDisabled(admin, user.id, false, client);
      const { events } = await listEvents({ userId: user.id }, 1);
      expect(events.map((event) => event.type)).toEqual([
        'account_enabled',
        'account_disabled',
        'role_changed',
        'sessions_revoked_by_admin',
        'sign_up',
      ]);
      expect(events.slice(0, 4).every((event) => (event.detail as { by?: string }).by === admin.email)).toBe(true);
      expect(await setRole(admin, '00000000-0000-4000-8000-000000000000', 'USER', client)).toEqual({ ok: false, error: 'not_found' });
      // An id that is no UUID (a tampered form) is not found either, rather than an error from the database.
      for (const id of ['not-a-uuid', '-'.repeat(36), '']) {
        expect(await setDisabled(admin, id, true, client)).toEqual({ ok: false, error: 'not_found' });
      }
    });

    test('users are searchable and paginated; events filter by type and by user email', async () => {
      const tag = `search-${Date.now()}`;
      const created = [];
      for (let i = 0; i < 3; i++) {
        const email = `${tag}-${i}@example.com`;
        await signUp({ email, password }, client);
        created.push(email);
      }
      const found = await listUsers(tag.toUpperCase(), 1);
      expect(found.users.map((user) => user.email).sort()).toEqual(created);
      expect(found.pages).toBe(1);
      await signIn({ email: created[0]!, password }, client);
      expect((await listUsers(created[0]!, 1)).users[0]?.lastSignInAt).toBeInstanceOf(Date);
      const byEmail = await listEvents({ email: created[1], type: 'sign_up' }, 1);
      expect(byEmail.events).toHaveLength(1);
      expect(byEmail.events[0]?.user?.email).toBe(created[1]);
    });

    test("an admin removes a user's passkey: the event names the admin, the owner is mailed", async () => {
      const admin = await newUser('ADMIN');
      const user = await newUser();
      const { name } = await addPasskeyTo(user);
      await addPasskeyTo(user);
      const [first, second] = await listPasskeys(user.id);
      expect(first?.name).toBe(name);

      expect(await removeUserPasskey(admin, user.id, first!.id, client)).toEqual({ ok: true });
      expect((await listPasskeys(user.id)).map((passkey) => passkey.id)).toEqual([second!.id]);
      expect((await eventsOf(user.id, 'passkey_removed')).map((event) => event.detail)).toEqual([{ passkey: name, by: admin.email }]);
      expect(await mailsTo(user.email, 'passkey_removed_by_admin')).toHaveLength(1);

      // Removed already, or not this user's: the page says the passkey is gone, and nothing changes.
      const other = await newUser();
      await addPasskeyTo(other);
      const [othersPasskey] = await listPasskeys(other.id);
      for (const [userId, passkeyId] of [
        [user.id, first!.id],
        [user.id, othersPasskey!.id],
        [user.id, 'not-a-uuid'],
        ['not-a-uuid', second!.id],
      ] as const) {
        expect(await removeUserPasskey(admin, userId, passkeyId, client)).toEqual({ ok: false, error: 'passkey_not_found' });
      }
      expect(await listPasskeys(user.id)).toHaveLength(1);
      expect(await listPasskeys(other.id)).toHaveLength(1);
      expect(await eventsOf(user.id, 'passkey_removed')).toHaveLength(1);
      expect(await eventsOf(other.id, 'passkey_removed')).toHaveLength(0);

      // With a password left, the last passkey may go too.
      expect(await removeUserPasskey(admin, user.id, second!.id, client)).toEqual({ ok: true });
      expect(await listPasskeys(user.id)).toEqual([]);
    });

    test('an admin cannot remove the last passkey of an account without a password', async () => {
      const admin = await newUser('ADMIN');
      const user = await newPasskeyUser();
      const [only] = await listPasskeys(user.id);
      expect(await removeUserPasskey(admin, user.id, only!.id, client)).toEqual({ ok: false, error: 'last_sign_in_method' });
      expect(await listPasskeys(user.id)).toHaveLength(1);
      expect(await eventsOf(user.id, 'passkey_removed')).toEqual([]);
      expect(await mailsTo(user.email, 'passkey_removed_by_admin')).toEqual([]);

      // With a second passkey, either may go, and then the other is the last one again.
      await addPasskeyTo(user);
      expect(await removeUserPasskey(admin, user.id, only!.id, client)).toEqual({ ok: true });
      const [left] = await listPasskeys(user.id);
      expect(await removeUserPasskey(admin, user.id, left!.id, client)).toEqual({ ok: false, error: 'last_sign_in_method' });
      expect((await eventsOf(user.id, 'passkey_removed')).map((event) => event.detail)).toEqual([{ passkey: only!.name, by: admin.email }]);
    });

    test('a disabled account without a password cannot sign in with its passkey; enabled, it can', async () => {
      const admin = await newUser('ADMIN');
      const user = await newPasskeyUser();
      expect(await setDisabled(admin, user.id, true, client)).toEqual({ ok: true });
      expect(await validateAccessToken(user.accessToken)).toBeNull();
      expect(await signInWithPasskeyOf(user.authenticator)).toEqual({ ok: false, error: 'account_disabled' });
      expect(await setDisabled(admin, user.id, false, client)).toEqual({ ok: true });
      const signedIn = await signInWithPasskeyOf(user.authenticator);
      if (!signedIn.ok) throw new Error(`passkey sign-in refused: ${signedIn.error}`);
      expect((await validateAccessToken(signedIn.tokens.accessToken))?.user.id).toBe(user.id);
    });

    test('the overview counts accounts with at least one passkey, whatever else they have', async () => {
      const before = (await getAdminOverview()).passkeyAccounts;
      const admin = await newUser('ADMIN');
      const withBoth = await newUser();
      await addPasskeyTo(withBoth);
      await addPasskeyTo(withBoth);
      await newPasskeyUser();
      await newUser();
      expect((await getAdminOverview()).passkeyAccounts).toBe(before + 2);
      for (const passkey of await listPasskeys(withBoth.id)) {
        expect(await removeUserPasskey(admin, withBoth.id, passkey.id, client)).toEqual({ ok: true });
      }
      expect((await getAdminOverview()).passkeyAccounts).toBe(before + 1);
    });

    test('admin:create promotes an existing account or creates an admin that can sign in', async () => {
      const user = await newUser();
      expect(await createOrPromoteAdmin(user.email, null)).toEqual({ ok: true, created: false });
      expect((await validateAccessToken(user.accessToken))?.user.role).toBe('ADMIN');
      // An account without a password is promoted alike: it signs in with its passkey.
      const passwordless = await newPasskeyUser();
      expect(await createOrPromoteAdmin(passwordless.email, null)).toEqual({ ok: true, created: false });
      expect((await validateAccessToken(passwordless.accessToken))?.user.role).toBe('ADMIN');
      const email = `cli-${Date.now()}@example.com`;
      expect(await createOrPromoteAdmin(email, null)).toEqual({ ok: false, error: 'password_required' });
      expect(await createOrPromoteAdmin(email, 'a-cli-password')).toEqual({ ok: true, created: true });
      const signedIn = await signIn({ email, password: 'a-cli-password' }, client);
      if (!signedIn.ok) throw new Error('sign-in failed');
      expect((await validateAccessToken(signedIn.tokens.accessToken))?.user.role).toBe('ADMIN');
    });
  });
}
