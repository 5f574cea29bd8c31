import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, test, vi } from 'vitest';
import { deriveKey } from './derived-keys';
import { DEVICE_TOKEN_TTL_SECONDS, MAX_DEVICE_TOKENS, deviceIdFor, keepDeviceToken, signDeviceToken, verifyDeviceToken } from './device-tokens';
import { signMfaChallenge, verifyMfaChallenge } from './mfa-challenge';
import { signAccessToken, verifyAccessToken } from './tokens';

const DEVICE_KEY = new Uint8Array(deriveKey('device token signing'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USER = crypto.randomUUID();
const OTHER_USER = crypto.randomUUID();
const DEVICE = crypto.randomUUID();

/** A device token with chosen header, claims and key; by default exactly what signDeviceToken makes. */
function craft(
  options: { typ?: string; aud?: string; iss?: string; key?: Uint8Array; expiresIn?: number; sub?: string; jti?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: options.typ ?? 'device+jwt' })
    .setSubject(options.sub ?? USER)
    .setIssuer(options.iss ?? 'http://localhost:3000')
    .setAudience(options.aud ?? 'latchkey:device')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .setJti(options.jti ?? DEVICE)
    .sign(options.key ?? DEVICE_KEY);
}

describe('device tokens', () => {
  test('name the account and a random device, live a year, carry their own typ and audience, and hold no email', async () => {
    const token = await signDeviceToken(USER);
    const device = await verifyDeviceToken(token);
    expect(device).toEqual({ userId: USER, deviceId: expect.stringMatching(UUID) });
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect(claims.exp! - claims.iat!).toBe(DEVICE_TOKEN_TTL_SECONDS);
    expect(DEVICE_TOKEN_TTL_SECONDS).toBe(365 * 24 * 3600);
    expect(claims.aud).toBe('latchkey:device');
    expect(claims.iss).toBe('http://localhost:3000');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'device+jwt' });
    // Every sign-in names a new device id.
    expect((await verifyDeviceToken(await signDeviceToken(USER)))!.deviceId).not.toBe(device!.deviceId);
  });

  test('the crafted control token verifies: the refusals below are for the one thing changed', async () => {
    expect(await verifyDeviceToken(await craft())).toEqual({ userId: USER, deviceId: DEVICE });
  });

  test('a wrong typ, audience, issuer or key is refused', async () => {
    const accessKey = new TextEncoder().encode(process.env.JWT_SECRET);
    for (const forged of [
      await craft({ typ: 'JWT' }),
      await craft({ typ: 'at+jwt' }),
      await craft({ aud: 'latchkey' }),
      await craft({ iss: 'https://evil.example' }),
      await craft({ key: accessKey }),
      await craft({ key: new Uint8Array(deriveKey('mfa challenge signing')) }),
      // Validly signed, but shaped wrong: the ids are UUIDs.
      await craft({ sub: 'user-1' }),
      await craft({ jti: 'device-1' }),
    ]) {
      expect(await verifyDeviceToken(forged)).toBeNull();
    }
  });

  test('an expired, altered, truncated or garbage token is refused', async () => {
    expect(await verifyDeviceToken(await craft({ expiresIn: -1 }))).toBeNull();
    const token = await signDeviceToken(USER);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const altered = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: OTHER_USER })).toString('base64url');
    expect(await verifyDeviceToken(`${header}.${altered}.${signature}`)).toBeNull();
    expect(await verifyDeviceToken(`${header}.${payload}.${signature.slice(0, -2)}`)).toBeNull();
    expect(await verifyDeviceToken(`${header}.${payload}.`)).toBeNull();
    for (const bad of ['', 'garbage', 'a.b.c', 'x'.repeat(5000)]) expect(await verifyDeviceToken(bad)).toBeNull();

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (DEVICE_TOKEN_TTL_SECONDS - 5) * 1000);
      expect(await verifyDeviceToken(token)).not.toBeNull();
      vi.setSystemTime(Date.now() + 10 * 1000);
      expect(await verifyDeviceToken(token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  test('an access token or an MFA challenge is never a device token, and a device token is neither', async () => {
    const access = await signAccessToken({ userId: USER, sessionId: crypto.randomUUID(), role: 'USER' });
    const challenge = await signMfaChallenge({ id: crypto.randomUUID(), userId: crypto.randomUUID() });
    expect(await verifyDeviceToken(access)).toBeNull();
    expect(await verifyDeviceToken(challenge)).toBeNull();
    const device = await signDeviceToken(USER);
    expect(await verifyAccessToken(device)).toBeNull();
    expect(await verifyMfaChallenge(device)).toBeNull();
  });

  test("deviceIdFor finds the account's token among others and ignores the rest", async () => {
    const mine = await signDeviceToken(USER);
    const theirs = await signDeviceToken(OTHER_USER);
    const myDevice = (await verifyDeviceToken(mine))!.deviceId;
    expect(await deviceIdFor(['garbage', theirs, await craft({ expiresIn: -1 }), mine], USER)).toBe(myDevice);
    expect(await deviceIdFor([theirs, 'garbage'], USER)).toBeNull();
    expect(await deviceIdFor([mine], undefined)).toBeNull();
    expect(await deviceIdFor([], USER)).toBeNull();
  });

  test('keepDeviceToken: newest first, one per account, live ones only, at most MAX_DEVICE_TOKENS', async () => {
    const older = await signDeviceToken(USER);
    const others = await Promise.all([OTHER_USER, ...Array.from({ length: 4 }, () => crypto.randomUUID())].map(signDeviceToken));
    const newer = await signDeviceToken(USER);
    const kept = await keepDeviceToken(['garbage', older, ...others], newer);
    expect(kept).toEqual([newer, ...others.slice(0, MAX_DEVICE_TOKENS - 1)]);
    expect(MAX_DEVICE_TOKENS).toBe(5);
    await expect(keepDeviceToken([], 'garbage')).rejects.toThrow(/does not verify/);
  });
});
