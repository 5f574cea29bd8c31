import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { disableAccount } from '@/lib/accounts/disable-account';
import { listPasskeys, removePasskey } from '@/lib/accounts/passkeys';
import { completeProviderRoundTrip, signInWithProvider } from '@/lib/accounts/provider-sign-in';
import { connectProvider, disconnectProvider, listConnectedAccounts } from '@/lib/accounts/connected-accounts';
import { createSession, validateAccessToken } from '@/lib/accounts/sessions';
import type { ProviderIdentity } from '@/lib/auth/oidc';
import { startProviderFlow } from '@/lib/auth/provider-flow';
import type { ProviderConfig } from '@/lib/config';
import { getDb } from '@/lib/db';
import { client, newEmail, newUser } from '../support/accounts';
import { describeOnDatabase } from '../support/database';
import { turnOnMfa } from '../support/mfa';
import { addPasskeyTo } from '../support/passkeys';

// Sign-in through another provider (lib/accounts/provider-sign-in.ts) after the provider has
// vouched for someone: the linking rules, by issuer and subject, never by email. The round trip
// itself runs against a real OpenID Connect provider in e2e/oidc.providers.spec.ts.

const ISSUER = 'https://id.example.com';
const NAME = 'Example ID';
const PROVIDER: ProviderConfig = { kind: 'oidc', id: 'oidc', name: NAME, issuer: ISSUER, clientId: 'latchkey', clientSecret: 'client-secret' };

function identity(overrides: Partial<ProviderIdentity> = {}): ProviderIdentity {
  return { provider: 'oidc', issuer: ISSUER, subject: randomUUID(), email: newEmail(), emailVerified: true, ...overrides };
}

async function userByEmail(email: string) {
  const db = await getDb();
  return db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, emailVerifiedAt: true, providerAccounts: { select: { issuer: true, subject: true } } } });
}

async function events(userId: string | null, type: string) {
  const db = await getDb();
  return (await db.auditEvent.findMany({ where: { userId, type }, orderBy: { createdAt: 'asc' }, select: { detail: true } })).map((event) => event.detail);
}

async function mailKinds(email: string): Promise<string[]> {
  const db = await getDb();
  return (await db.mailMessage.findMany({ where: { to: email }, orderBy: { createdAt: 'asc' }, select: { kind: true } })).map((mail) => mail.kind);
}

async function signedInUserId(result: Awaited<ReturnType<typeof signInWithProvider>>): Promise<string> {
  if (!result.ok) throw new Error(`not signed in: ${result.error}`);
  return (await validateAccessToken(result.tokens.accessToken))!.user.id;
}

/** A fresh session of the account with this email (made for the test). */
async function signedInSession(email: string) {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, role: true } });
  const tokens = await db.$transaction((tx) => createSession(tx, user, client, ['pwd']));
  return (await validateAccessToken(tokens.accessToken))!;
}

async function verify(email: string): Promise<void> {
  await (await getDb()).user.update({ where: { email }, data: { emailVerifiedAt: new Date() } });
}

export function describeProviderSignInFlows(name: string) {
  describeOnDatabase(`sign-in through a provider on ${name}`, () => {
    describe('linking', () => {
      test('an unknown identity with a new verified email opens an account without a password, signed in', async () => {
        const who = identity();
        const userId = await signedInUserId(await signInWithProvider(who, NAME, client));
        const user = await userByEmail(who.email!);
        expect(user).toMatchObject({ id: userId, passwordHash: null, providerAccounts: [{ issuer: ISSUER, subject: who.subject }] });
        expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
        expect(await events(userId, 'sign_up')).toEqual([{ method: 'provider', provider: NAME }]);
        expect(await events(userId, 'provider_sign_in')).toEqual([{ provider: NAME }]);
        // Nothing to verify, and no "connected" notice for an account that is itself new.
        expect(await mailKinds(who.email!)).toEqual([]);
      });

      test("a new account saves the language of the page the provider sent the browser back to, and mails in it", async () => {
        const who = identity({ emailVerified: false });
        await signedInUserId(await signInWithProvider(who, NAME, client, 'de'));
        const db = await getDb();
        expect((await db.user.findUniqueOrThrow({ where: { email: who.email! } })).locale).toBe('de');
        expect((await db.mailMessage.findFirstOrThrow({ where: { to: who.email! } })).subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse');
      });

      test('an unverified email from the provider opens an unverified account, with the verification mail', async () => {
        const who = identity({ emailVerified: false });
        await signedInUserId(await signInWithProvider(who, NAME, client));
        expect((await userByEmail(who.email!))?.emailVerifiedAt).toBeNull();
        expect(await mailKinds(who.email!)).toEqual(['verify_email']);
      });

      test('a known identity signs in to its account again, whatever email the provider now gives', async () => {
        const who = identity();
        const first = await signedInUserId(await signInWithProvider(who, NAME, client));
        // The person changed their email at the provider, even to another account's: the identity decides.
        const other = await newUser();
        const again = await signedInUserId(await signInWithProvider({ ...who, email: other }, NAME, client));
        expect(again).toBe(first);
        expect(await events(first, 'provider_sign_in')).toHaveLength(2);
        expect((await userByEmail(other))?.providerAccounts).toEqual([]);
      });

      test('an existing account is linked when both the provider and the account say the email is verified', async () => {
        const email = await newUser();
        await verify(email);
        const owner = await userByEmail(email);
        const userId = await signedInUserId(await signInWithProvider(identity({ email }), NAME, client));
        expect(userId).toBe(owner!.id);
        expect((await userByEmail(email))?.providerAccounts).toHaveLength(1);
        expect(await events(userId, 'provider_linked')).toEqual([{ provider: NAME }]);
        expect(await mailKinds(email)).toContain('provider_linked');
      });

      test('no link, and the same answer, when either side has not verified the email', async () => {
        const unverifiedAccount = await newUser();
        const owner = await userByEmail(unverifiedAccount);
        expect(await signInWithProvider(identity({ email: unverifiedAccount }), NAME, client)).toEqual({ ok: false, error: 'account_exists' });

        const verifiedAccount = await newUser();
        await verify(verifiedAccount);
        expect(await signInWithProvider(identity({ email: verifiedAccount, emailVerified: false }), NAME, client)).toEqual({ ok: false, error: 'account_exists' });

        for (const email of [unverifiedAccount, verifiedAccount]) {
          const user = await userByEmail(email);
          expect(user?.providerAccounts).toEqual([]);
          expect(await events(user!.id, 'provider_failed')).toEqual([{ provider: NAME, reason: 'account_exists' }]);
          expect(await events(user!.id, 'provider_sign_in')).toEqual([]);
        }
        expect(owner?.passwordHash).not.toBeNull();
      });

      test('an identity without an email cannot open an account', async () => {
        expect(await signInWithProvider(identity({ email: null }), NAME, client)).toEqual({ ok: false, error: 'email_missing' });
      });

      test('two callbacks of one new identity racing open one account and sign both in', async () => {
        const who = identity();
        const results = await Promise.all([signInWithProvider(who, NAME, client), signInWithProvider(who, NAME, client)]);
        const ids = await Promise.all(results.map(signedInUserId));
        expect(ids[0]).toBe(ids[1]);
        expect((await userByEmail(who.email!))?.providerAccounts).toHaveLength(1);
      });
    });

    describe('what still applies', () => {
      test('two-factor authentication: the provider gives a challenge for the code, not a session', async () => {
        const who = identity();
        const userId = await signedInUserId(await signInWithProvider(who, NAME, client));
        await turnOnMfa({ id: userId, email: who.email! });
        expect(await signInWithProvider(who, NAME, client)).toMatchObject({ ok: false, error: 'mfa_required', challenge: expect.any(String) });
      });

      test('a disabled account is refused, linked or about to be', async () => {
        const who = identity();
        const userId = await signedInUserId(await signInWithProvider(who, NAME, client));
        const db = await getDb();
        await db.$transaction((tx) => disableAccount(tx, userId, client, 'admin@example.com'));
        expect(await signInWithProvider(who, NAME, client)).toEqual({ ok: false, error: 'account_disabled' });
      });

      test('an account whose only other way in is a provider may remove its last passkey', async () => {
        const who = identity();
        const result = await signInWithProvider(who, NAME, client);
        if (!result.ok) throw new Error(result.error);
        await addPasskeyTo(result.tokens);
        const userId = await signedInUserId(result);
        const [passkey] = await listPasskeys(userId);
        expect(await removePasskey(userId, passkey!.id, client)).toEqual({ ok: true });
      });
    });

    describe('connected accounts', () => {
      test('connecting links an identity to the signed-in account, once; one linked elsewhere is refused', async () => {
        const email = await newUser();
        const mine = await signedInSession(email);
        const who = identity({ email: newEmail() });
        expect(await connectProvider(mine, who, NAME, client)).toEqual({ ok: true });
        expect(await connectProvider(mine, who, NAME, client)).toEqual({ ok: true });
        expect(await listConnectedAccounts(mine.user.id)).toMatchObject([{ provider: 'oidc', name: 'oidc', email: who.email }]);
        expect(await mailKinds(email)).toContain('provider_linked');
        // Signing in with it now reaches this account, whatever its email.
        expect(await signedInUserId(await signInWithProvider(who, NAME, client))).toBe(mine.user.id);

        const someoneElse = await signedInSession(await newUser());
        expect(await connectProvider(someoneElse, who, NAME, client)).toEqual({ ok: false, error: 'linked_elsewhere' });
        expect(await listConnectedAccounts(someoneElse.user.id)).toEqual([]);
      });

      test('disconnecting is refused for the last way in, and works beside a password', async () => {
        const who = identity();
        const result = await signInWithProvider(who, NAME, client);
        const userId = await signedInUserId(result);
        const [only] = await listConnectedAccounts(userId);
        expect(await disconnectProvider(userId, only!.id, client)).toEqual({ ok: false, error: 'last_sign_in_method' });
        expect(await listConnectedAccounts(userId)).toHaveLength(1);

        const email = await newUser();
        const withPassword = await signedInSession(email);
        await connectProvider(withPassword, identity(), NAME, client);
        const [connected] = await listConnectedAccounts(withPassword.user.id);
        expect(await disconnectProvider(withPassword.user.id, connected!.id, client)).toEqual({ ok: true });
        expect(await events(withPassword.user.id, 'provider_unlinked')).toEqual([{ provider: 'oidc' }]);
        expect(await mailKinds(email)).toContain('provider_unlinked');
        expect(await disconnectProvider(userId, connected!.id, client)).toEqual({ ok: false, error: 'not_found' });
      });

      test('a connection finishes only in the session that started it', async () => {
        const starter = await signedInSession(await newUser());
        const other = await signedInSession(await newUser());
        const { flow, token } = await startProviderFlow('oidc', '/settings/connected', starter.sessionId);
        const callback = new URL(`http://localhost:3000/auth/callback/oidc?code=abc&state=${flow.st}`);
        expect(await completeProviderRoundTrip(PROVIDER, token, callback, other, client)).toEqual({ connecting: true, result: { ok: false, error: 'flow_invalid' } });
        expect(await completeProviderRoundTrip(PROVIDER, token, callback, null, client)).toEqual({ connecting: true, result: { ok: false, error: 'flow_invalid' } });
      });
    });

    describe('the callback', () => {
      test('with no flow of this browser, or a state it did not start, nothing happens', async () => {
        const { flow, token } = await startProviderFlow('oidc', '/settings');
        const callback = (state: string) => new URL(`http://localhost:3000/auth/callback/oidc?code=abc&state=${state}&iss=${encodeURIComponent(ISSUER)}`);
        expect(await completeProviderRoundTrip(PROVIDER, null, callback(flow.st), null, client)).toEqual({ connecting: false, result: { ok: false, error: 'flow_invalid' }, next: '/dashboard' });
        expect((await completeProviderRoundTrip(PROVIDER, token, callback('forged'), null, client)).result).toEqual({ ok: false, error: 'flow_invalid' });
        const other = await startProviderFlow('google', '/settings');
        expect((await completeProviderRoundTrip(PROVIDER, other.token, callback(other.flow.st), null, client)).result).toEqual({ ok: false, error: 'flow_invalid' });
      });

      test("the provider's refusal is one word, with its code in the event and never a token", async () => {
        const { flow, token } = await startProviderFlow('oidc', '/settings');
        const denied = new URL(`http://localhost:3000/auth/callback/oidc?error=access_denied&state=${flow.st}`);
        expect(await completeProviderRoundTrip(PROVIDER, token, denied, null, client)).toEqual({ connecting: false, result: { ok: false, error: 'cancelled' }, next: '/settings' });
        const broken = new URL(`http://localhost:3000/auth/callback/oidc?error=server_error&state=${flow.st}`);
        expect((await completeProviderRoundTrip(PROVIDER, token, broken, null, client)).result).toEqual({ ok: false, error: 'provider_error' });
        const logged = await events(null, 'provider_failed');
        expect(logged).toEqual(expect.arrayContaining([{ provider: NAME, reason: 'cancelled', code: 'access_denied' }, { provider: NAME, reason: 'provider_error', code: 'server_error' }]));
      });
    });
  });
}
