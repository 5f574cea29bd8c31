import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { signMfaChallenge } from './mfa-challenge';
import { PASSKEY_CHALLENGE_TTL_SECONDS, findOutstandingPasskeyChallenge, issuePasskeyChallenge } from './passkey-challenge';
import { deriveKey } from './derived-keys';

// The challenge tokens of passkey ceremonies. The database only holds the ids of answered
// challenges (UsedPasskeyChallenge): here a set stands in for it; spending them in a transaction
// is the integration tests' part (test/integration/passkey-sign-in-flows.ts).

const used = new Set<string>();
vi.mock('../db', () => ({
  getDb: async () => ({ usedPasskeyChallenge: { findUnique: async ({ where }: { where: { id: string } }) => (used.has(where.id) ? { id: where.id } : null) } }),
}));

beforeEach(() => used.clear());

const bound = { sub: randomUUID(), sid: randomUUID() };

describe('passkey challenge tokens', () => {
  test('carry a fresh 32-byte challenge, the ceremony and what it is bound to, for 5 minutes', async () => {
    const { challenge, token } = await issuePasskeyChallenge('step-up', bound);
    expect(challenge).toEqual({ ...bound, jti: expect.any(String), cer: 'step-up', chl: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(Buffer.from(challenge.chl, 'base64url')).toHaveLength(32);
    expect(await findOutstandingPasskeyChallenge(token, 'step-up')).toEqual(challenge);

    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(PASSKEY_CHALLENGE_TTL_SECONDS);
    expect(PASSKEY_CHALLENGE_TTL_SECONDS).toBe(300);
    expect(claims.aud).toBe('latchkey:passkey-challenge');
    expect(decodeProtectedHeader(token).typ).toBe('passkey-challenge+jwt');
    expect((await issuePasskeyChallenge('step-up', bound)).challenge.chl).not.toBe(challenge.chl);
  });

  test('a new account’s email and user handle travel with a sign-up challenge', async () => {
    const signUp = { sub: randomUUID(), email: 'ada@example.com', uh: Buffer.alloc(32, 7).toString('base64url') };
    const { challenge, token } = await issuePasskeyChallenge('sign-up', signUp);
    expect(await findOutstandingPasskeyChallenge(token, 'sign-up')).toEqual({ ...signUp, jti: challenge.jti, cer: 'sign-up', chl: challenge.chl });
  });

  test('a challenge answers only the ceremony it was issued for', async () => {
    const { token } = await issuePasskeyChallenge('second-factor', { sub: bound.sub });
    for (const other of ['sign-in', 'step-up', 'add', 'sign-up'] as const) expect(await findOutstandingPasskeyChallenge(token, other)).toBeNull();
    expect(await findOutstandingPasskeyChallenge(token, 'second-factor')).not.toBeNull();
  });

  test('an answered challenge is no longer outstanding', async () => {
    const { challenge, token } = await issuePasskeyChallenge('sign-in');
    used.add(challenge.jti);
    expect(await findOutstandingPasskeyChallenge(token, 'sign-in')).toBeNull();
  });

  test('a tampered, forged, other-purpose, garbage or missing token is refused', async () => {
    const { token } = await issuePasskeyChallenge('sign-in');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const otherChallenge = Buffer.alloc(32, 1).toString('base64url');
    const altered = Buffer.from(JSON.stringify({ ...decodeJwt(token), chl: otherChallenge })).toString('base64url');
    expect(await findOutstandingPasskeyChallenge(`${header}.${altered}.${signature}`, 'sign-in')).toBeNull();
    expect(await findOutstandingPasskeyChallenge(`${header}.${payload}.${signature.slice(0, -2)}`, 'sign-in')).toBeNull();

    // Right claims, typ and audience, signed with another purpose's key.
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ cer: 'sign-in', chl: otherChallenge })
      .setProtectedHeader({ alg: 'HS256', typ: 'passkey-challenge+jwt' })
      .setIssuer('http://localhost:3000')
      .setAudience('latchkey:passkey-challenge')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(randomUUID())
      .sign(deriveKey('mfa challenge signing'));
    expect(await findOutstandingPasskeyChallenge(forged, 'sign-in')).toBeNull();
    expect(await findOutstandingPasskeyChallenge(await signMfaChallenge({ id: randomUUID(), userId: bound.sub }), 'sign-in')).toBeNull();
    for (const bad of [null, '', 'garbage', 'a.b.c', 'x'.repeat(5000)]) expect(await findOutstandingPasskeyChallenge(bad, 'sign-in')).toBeNull();
  });

  test('a challenge expires 5 minutes after its issue', async () => {
    const { token } = await issuePasskeyChallenge('sign-in');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (PASSKEY_CHALLENGE_TTL_SECONDS - 5) * 1000);
      expect(await findOutstandingPasskeyChallenge(token, 'sign-in')).not.toBeNull();
      vi.setSystemTime(Date.now() + 10 * 1000);
      expect(await findOutstandingPasskeyChallenge(token, 'sign-in')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
