import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, test, vi } from 'vitest';
import { MFA_CHALLENGE_TTL_SECONDS, signMfaChallenge, verifyMfaChallenge } from './mfa-challenge';
import { signAccessToken, verifyAccessToken } from './tokens';

const KEY = new TextEncoder().encode(process.env.JWT_SECRET);

describe('MFA challenge tokens', () => {
  test('name the user, live 5 minutes and carry their own typ and audience', async () => {
    const token = await signMfaChallenge('user-1');
    expect(await verifyMfaChallenge(token)).toBe('user-1');
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(MFA_CHALLENGE_TTL_SECONDS);
    expect(MFA_CHALLENGE_TTL_SECONDS).toBe(300);
    expect(claims.aud).toBe('latchkey:mfa-challenge');
    expect(decodeProtectedHeader(token).typ).toBe('mfa-challenge+jwt');
  });

  test('a challenge is never accepted as an access token', async () => {
    expect(await verifyAccessToken(await signMfaChallenge('user-1'))).toBeNull();
  });

  test('an access token is never accepted as a challenge', async () => {
    const access = await signAccessToken({ userId: crypto.randomUUID(), sessionId: crypto.randomUUID(), role: 'USER' });
    expect(await verifyAccessToken(access)).not.toBeNull();
    expect(await verifyMfaChallenge(access)).toBeNull();
  });

  test('a challenge with the right typ and audience but the access-token key is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'mfa-challenge+jwt' })
      .setSubject('user-1')
      .setIssuer('http://localhost:3000')
      .setAudience('latchkey:mfa-challenge')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti('x')
      .sign(KEY);
    expect(await verifyMfaChallenge(forged)).toBeNull();
  });

  test('an expired, altered or garbage challenge is refused', async () => {
    const token = await signMfaChallenge('user-1');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const altered = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'user-2' })).toString('base64url');
    expect(await verifyMfaChallenge(`${header}.${altered}.${signature}`)).toBeNull();
    expect(await verifyMfaChallenge(`${header}.${payload}.${signature.slice(0, -2)}`)).toBeNull();
    for (const bad of ['', 'garbage', 'a.b.c', 'x'.repeat(5000)]) expect(await verifyMfaChallenge(bad)).toBeNull();

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (MFA_CHALLENGE_TTL_SECONDS - 5) * 1000);
      expect(await verifyMfaChallenge(token)).toBe('user-1');
      vi.setSystemTime(Date.now() + 10 * 1000);
      expect(await verifyMfaChallenge(token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
