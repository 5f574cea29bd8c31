import { SignJWT, decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { signUp } from '@/lib/accounts/sign-up';
import { signIn } from '@/lib/accounts/sign-in';
import { changePassword } from '@/lib/accounts/password-change';
import type { ClientInfo } from '@/lib/request/client-info';
import { deriveKey } from '@/lib/auth/derived-keys';
import { validateAccessToken } from '@/lib/accounts/sessions';
import { claimAttempt } from '@/lib/auth/throttle';
import { getConfig } from '@/lib/config';
import { closeDatabase, getDatabase, getDb } from '@/lib/db';
import { unlessUnavailable } from '@/lib/unavailable';
import { withFullPasswordPool } from '../support/password-pool';
import { letTimePass, withLimits } from '../support/throttle';

// Sign-in and sign-up throttling (lib/auth/throttle.ts) against a real database: the limits,
// the exponential wait, what a correct password does, bursts of parallel guesses, and that
// timing does not tell registered emails from others.

const password = 'correct-horse-battery';
let counter = 0;
const newEmail = () => `throttle-${Date.now()}-${counter++}@example.com`;
// Each test comes from an address of its own, so per-address counts never mix.
const newClient = () => ({ userAgent: 'vitest', ip: `198.18.${Math.floor(counter / 250) % 250}.${counter++ % 250}` });

async function registered(client = newClient()): Promise<string> {
  const email = newEmail();
  const result = await signUp({ email, password }, client);
  if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);
  return email;
}

async function failedSignIns(email: string, count: number, client = newClient()): Promise<void> {
  for (let attempt = 0; attempt < count; attempt++) {
    expect((await signIn({ email, password: `wrong-${attempt}` }, client)).ok).toBe(false);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/**
 * Times `a` and `b` back to back, `rounds` times, in alternating order, and bounds the median of
 * the pair-by-pair differences at 20% of the median time. Pairs cancel what a busy machine (other
 * test files run in parallel) adds to both sides alike, which medians of each side do not.
 */
async function expectSameTime(rounds: number, a: () => Promise<unknown>, b: () => Promise<unknown>, between?: () => Promise<unknown>): Promise<void> {
  const differences: number[] = [];
  const all: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const [first, second] = round % 2 === 0 ? [a, b] : [b, a];
    const firstTime = await timed(first);
    const secondTime = await timed(second);
    const [timeA, timeB] = round % 2 === 0 ? [firstTime, secondTime] : [secondTime, firstTime];
    differences.push(timeA - timeB);
    all.push(timeA, timeB);
    await between?.();
  }
  expect(Math.abs(median(differences)) / median(all)).toBeLessThan(0.2);
}

export function describeThrottleFlows(name: string): void {
  describe(`throttling on ${name}`, () => {
    beforeAll(async () => {
      await getDatabase();
    });
    afterEach(async () => {
      const db = await getDb();
      await db.throttleAttempt.deleteMany();
    });
    afterAll(async () => {
      await closeDatabase();
    });

    test('after 5 failures the 6th attempt is refused, even with the right password, for a minute', async () => {
      const email = await registered();
      await failedSignIns(email, 5);
      const refused = await signIn({ email, password }, newClient());
      expect(refused).toEqual({ ok: false, error: 'throttled', retryAfterSeconds: 60 });
    });

    test('an unknown email is throttled exactly like a registered one', async () => {
      const known = await registered();
      const unknown = newEmail();
      await failedSignIns(known, 5);
      await failedSignIns(unknown, 5);
      const [forKnown, forUnknown] = [await signIn({ email: known, password: 'wrong' }, newClient()), await signIn({ email: unknown, password: 'wrong' }, newClient())];
      if (forKnown.ok || forKnown.error !== 'throttled' || forUnknown.ok || forUnknown.error !== 'throttled') throw new Error('expected both throttled');
      expect(Math.abs(forKnown.retryAfterSeconds - forUnknown.retryAfterSeconds)).toBeLessThanOrEqual(2);
    });

    // Four doublings: a fifth wait would start after the first failures left the 15-minute window.
    test('each failure past the limit doubles the wait', async () => {
      const email = await registered();
      await failedSignIns(email, 5);
      const waits: number[] = [];
      for (let round = 0; round < 4; round++) {
        const refused = await signIn({ email, password: 'wrong' }, newClient());
        if (refused.ok || refused.error !== 'throttled') throw new Error('expected to be throttled');
        waits.push(refused.retryAfterSeconds);
        await letTimePass(refused.retryAfterSeconds);
        await failedSignIns(email, 1);
      }
      expect(waits).toEqual([60, 120, 240, 480]);
    });

    test("an attacker's failures lock the owner out for at most the window; then the right password works", async () => {
      const email = await registered();
      await failedSignIns(email, 30);
      expect((await signIn({ email, password }, newClient())).ok).toBe(false);
      await letTimePass(getConfig().loginWindow);
      expect((await signIn({ email, password }, newClient())).ok).toBe(true);
    });

    test('a correct password clears the earlier failures of that email', async () => {
      const email = await registered();
      await failedSignIns(email, 4);
      expect((await signIn({ email, password }, newClient())).ok).toBe(true);
      await failedSignIns(email, 4);
      expect((await signIn({ email, password }, newClient())).ok).toBe(true);
    });

    test('a burst of 20 parallel guesses gets exactly 5 password checks', async () => {
      const email = await registered();
      const results = await Promise.all(Array.from({ length: 20 }, (_, n) => signIn({ email, password: `guess-${n}` }, newClient())));
      const errors = results.map((result) => (result.ok ? 'ok' : result.error));
      expect(errors.filter((error) => error === 'invalid_credentials')).toHaveLength(5);
      expect(errors.filter((error) => error === 'throttled')).toHaveLength(15);
    });

    test('one address guessing across many emails is throttled; another address is not', async () => {
      await withLimits({ loginIpMaxAttempts: 6 }, async () => {
        const attacker = newClient();
        for (let n = 0; n < 6; n++) await failedSignIns(newEmail(), 1, attacker);
        const victim = await registered();
        expect(await signIn({ email: victim, password }, attacker)).toMatchObject({ ok: false, error: 'throttled' });
        expect((await signIn({ email: victim, password }, newClient())).ok).toBe(true);
      });
    });

    describe('device tokens (a browser or client that signed in to the account before)', () => {
      /** Signs up, and returns the email with the device token the sign-up left on that device. */
      async function owner(client = newClient()): Promise<{ email: string; device: string }> {
        const email = newEmail();
        const result = await signUp({ email, password }, client);
        if (!result.ok || !result.tokens.deviceToken) throw new Error('sign-up gave no device token');
        return { email, device: result.tokens.deviceToken };
      }

      async function signInWith(email: string, attempt: string, client: ClientInfo, device?: string) {
        return signIn({ email, password: attempt }, { ...client, deviceTokens: device ? [device] : [] });
      }

      async function countedKeys(prefix: string): Promise<number> {
        const db = await getDb();
        return db.throttleAttempt.count({ where: { key: { startsWith: prefix } } });
      }

      test("20 wrong guesses from the owner's own address lock the email and the address, not the owner's device", async () => {
        await withLimits({ loginIpMaxAttempts: 5 }, async () => {
          // One address for everyone, as behind a proxy with TRUST_PROXY_HOPS=0.
          const shared = newClient();
          const { email, device } = await owner(shared);
          await failedSignIns(email, 20, shared);
          expect(await signInWith(email, password, shared)).toMatchObject({ ok: false, error: 'throttled' });
          expect(await signInWith(email, password, newClient())).toMatchObject({ ok: false, error: 'throttled' });
          const signedIn = await signInWith(email, password, shared, device);
          expect(signedIn.ok).toBe(true);
          // A new device token for this sign-in, naming a new device.
          if (!signedIn.ok) throw new Error('unreachable');
          expect(signedIn.tokens.deviceToken).toEqual(expect.any(String));
          expect(signedIn.tokens.deviceToken).not.toBe(device);
          // The attacker is still locked out of the email, the address is still spent.
          expect(await signInWith(email, password, newClient())).toMatchObject({ ok: false, error: 'throttled' });
          expect(await signInWith(newEmail(), password, shared)).toMatchObject({ ok: false, error: 'throttled' });
        });
      });

      test("attempts with a device token count against that token only, not the email's or the address's limits", async () => {
        const client = newClient();
        const { email, device } = await owner(client);
        const [emailBefore, addressBefore] = [await countedKeys('sign-in:email:'), await countedKeys('sign-in:ip:')];
        for (let n = 0; n < 3; n++) expect(await signInWith(email, `wrong-${n}`, client, device)).toMatchObject({ ok: false, error: 'invalid_credentials' });
        expect(await countedKeys('sign-in:email:')).toBe(emailBefore);
        expect(await countedKeys('sign-in:ip:')).toBe(addressBefore);
        expect(await countedKeys('sign-in:device:')).toBe(3);
        // A right password forgives the device's failures.
        expect((await signInWith(email, password, client, device)).ok).toBe(true);
        expect(await countedKeys('sign-in:device:')).toBe(0);
      });

      test("a device token's own failures lock only that token: the owner's other devices and the email still work", async () => {
        const { email, device: laptop } = await owner();
        const again = await signInWith(email, password, newClient());
        if (!again.ok || !again.tokens.deviceToken) throw new Error('sign-in gave no device token');
        const phone = again.tokens.deviceToken;
        const thief = newClient();
        for (let n = 0; n < 5; n++) expect((await signInWith(email, `wrong-${n}`, thief, laptop)).ok).toBe(false);
        expect(await signInWith(email, password, thief, laptop)).toEqual({ ok: false, error: 'throttled', retryAfterSeconds: 60 });
        expect((await signInWith(email, password, newClient(), phone)).ok).toBe(true);
        expect((await signInWith(email, password, newClient())).ok).toBe(true);
      });

      test("another account's device token gives no bypass, and the guesses made with it count against the email", async () => {
        const victim = await registered();
        const { device: attackersOwn } = await owner();
        const attacker = newClient();
        for (let n = 0; n < 5; n++) expect((await signInWith(victim, `wrong-${n}`, attacker, attackersOwn)).ok).toBe(false);
        expect(await signInWith(victim, password, newClient(), attackersOwn)).toMatchObject({ ok: false, error: 'throttled' });
        expect(await signInWith(victim, password, newClient())).toMatchObject({ ok: false, error: 'throttled' });
      });

      test('a forged, expired or garbage device token counts as none', async () => {
        const { email, device } = await owner();
        await failedSignIns(email, 5);
        const claims = decodeJwt(device);
        const now = Math.floor(Date.now() / 1000);
        const sign = (key: Uint8Array, expiresAt: number) =>
          new SignJWT({})
            .setProtectedHeader({ alg: 'HS256', typ: 'device+jwt' })
            .setSubject(String(claims.sub))
            .setIssuer(String(claims.iss))
            .setAudience('latchkey:device')
            .setIssuedAt(now - 3600)
            .setExpirationTime(expiresAt)
            .setJti(crypto.randomUUID())
            .sign(key);
        const deviceKey = new Uint8Array(deriveKey('device token signing'));
        // The control: the same claims, signed with the device key and live, are a device token.
        // (It forgives only its own failures: the email stays locked.)
        expect((await signInWith(email, password, newClient(), await sign(deviceKey, now + 600))).ok).toBe(true);
        const [header, payload] = device.split('.');
        for (const presented of [
          await sign(new TextEncoder().encode(getConfig().jwtSecret), now + 600),
          await sign(deviceKey, now - 1),
          `${header}.${payload}.${'A'.repeat(43)}`,
          'garbage',
        ]) {
          expect(await signInWith(email, password, newClient(), presented)).toMatchObject({ ok: false, error: 'throttled' });
        }
      });

      test("the owner's device can still change the password while an attacker holds the email locked", async () => {
        const client = newClient();
        const email = newEmail();
        const created = await signUp({ email, password }, client);
        if (!created.ok || !created.tokens.deviceToken) throw new Error('sign-up failed');
        const session = await validateAccessToken(created.tokens.accessToken);
        if (!session) throw new Error('no session');
        await failedSignIns(email, 20);
        const change = { currentPassword: password, newPassword: 'another-good-one-1' };
        expect(await changePassword(session, change, client)).toMatchObject({ ok: false, error: 'throttled' });
        expect((await changePassword(session, change, { ...client, deviceTokens: [created.tokens.deviceToken] })).ok).toBe(true);
      });
    });

    test('sign-up is throttled per address, taken emails counted too', async () => {
      await withLimits({ signUpIpMax: 3 }, async () => {
        const client = newClient();
        const email = await registered(client);
        expect(await signUp({ email, password }, client)).toEqual({ ok: false, error: 'email_taken' });
        await registered(client);
        expect(await signUp({ email: newEmail(), password }, client)).toMatchObject({ ok: false, error: 'throttled' });
        expect((await signUp({ email: newEmail(), password }, newClient())).ok).toBe(true);
      });
    });

    test('a throttled sign-up creates no user', async () => {
      await withLimits({ signUpIpMax: 1 }, async () => {
        const client = newClient();
        await registered(client);
        const email = newEmail();
        expect(await signUp({ email, password }, client)).toMatchObject({ ok: false, error: 'throttled' });
        const db = await getDb();
        expect(await db.user.findUnique({ where: { email } })).toBeNull();
      });
    });

    test('a password change with the wrong current password counts as a failed sign-in', async () => {
      const client = newClient();
      const email = newEmail();
      const created = await signUp({ email, password }, client);
      if (!created.ok) throw new Error('sign-up failed');
      const session = await validateAccessToken(created.tokens.accessToken);
      if (!session) throw new Error('no session');
      for (let n = 0; n < 5; n++) {
        expect(await changePassword(session, { currentPassword: `wrong-${n}`, newPassword: 'another-good-one-1' }, client)).toEqual({
          ok: false,
          error: 'wrong_password',
        });
      }
      expect(await changePassword(session, { currentPassword: password, newPassword: 'another-good-one-1' }, client)).toMatchObject({
        ok: false,
        error: 'throttled',
      });
    });

    test('a sign-in or sign-up refused because the password pool is full answers busy, counts no attempt and creates nothing', async () => {
      const email = await registered();
      const client = newClient();
      const fresh = newEmail();
      const db = await getDb();
      const counted = await db.throttleAttempt.count();
      await withFullPasswordPool(async () => {
        expect(await unlessUnavailable(signIn({ email, password }, client))).toEqual({ ok: false, error: 'busy' });
        expect(await unlessUnavailable(signIn({ email, password: 'wrong' }, client))).toEqual({ ok: false, error: 'busy' });
        expect(await unlessUnavailable(signUp({ email: fresh, password }, client))).toEqual({ ok: false, error: 'busy' });
        expect(await db.throttleAttempt.count()).toBe(counted);
      });
      expect(await db.user.count({ where: { email: fresh } })).toBe(0);
      expect((await signIn({ email, password }, client)).ok).toBe(true);
    });

    test('claimAttempt counts nothing while refusing', async () => {
      const limit = { key: `test:${newEmail()}`, max: 2, windowSeconds: 60 };
      expect((await claimAttempt([limit])).ok).toBe(true);
      expect((await claimAttempt([limit])).ok).toBe(true);
      for (let n = 0; n < 5; n++) expect((await claimAttempt([limit])).ok).toBe(false);
      const db = await getDb();
      expect(await db.throttleAttempt.count({ where: { key: limit.key } })).toBe(2);
    });

    // Account enumeration by timing: a wrong password for a registered email and any password for
    // an unknown one cost the same bcrypt work, so they take the same time within 20%.
    test('sign-in timing does not tell registered emails from unknown ones', async () => {
      const known = await registered();
      const db = await getDb();
      await expectSameTime(
        15,
        () => signIn({ email: known, password: 'not-the-password' }, newClient()),
        () => signIn({ email: newEmail(), password: 'not-the-password' }, newClient()),
        () => db.throttleAttempt.deleteMany(),
      );
    });

    test('sign-up timing does not tell taken emails from free ones', async () => {
      const taken = await registered();
      await expectSameTime(
        15,
        () => signUp({ email: taken, password }, newClient()),
        () => signUp({ email: newEmail(), password }, newClient()),
      );
    });
  });
}
