import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { getConfig } from '../config';
import { deriveKey } from './derived-keys';

// Device tokens (OWASP, "Slow down online guessing attacks with device cookies"): a browser or
// API client that has signed in to an account holds a token saying so, and its sign-in attempts
// for that account are counted per token (throttle.ts), not against the account or the address.
// So an attacker who exhausts an account's limits locks out only devices that never signed in
// to it, never the owner's own. The token names a device (its `jti`) and an account (`sub`);
// it holds no secret and no email, grants no access and is checked without the database.
// Like the MFA challenge it is kept apart from every other token by its own HKDF key, `typ`
// and audience.
//
// It lives a year, renewed at every sign-in: it only earns a device its own guessing budget,
// so a long life costs little, and it must outlast the gaps between a person's sign-ins on one
// device (sessions end after 30 days). A year also stays under the 400 days browsers allow a
// cookie.

export const DEVICE_TOKEN_TTL_SECONDS = 365 * 24 * 3600;
/** How many accounts' device tokens one browser keeps, newest first. */
export const MAX_DEVICE_TOKENS = 5;
const TOKEN_TYPE = 'device+jwt';
const AUDIENCE = 'latchkey:device';
const MAX_TOKEN_LENGTH = 1024;

export type DeviceToken = { userId: string; deviceId: string };

const claimsSchema = z.object({ sub: z.uuid(), jti: z.uuid() });

function deviceKey(): Uint8Array {
  return new Uint8Array(deriveKey('device token signing'));
}

export async function signDeviceToken(userId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
    .setSubject(userId)
    .setIssuer(getConfig().appUrl)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + DEVICE_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(deviceKey());
}

/** The account and device a token names, or null for anything that is not a live device token. */
export async function verifyDeviceToken(token: string): Promise<DeviceToken | null> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, deviceKey(), {
      algorithms: ['HS256'],
      typ: TOKEN_TYPE,
      issuer: getConfig().appUrl,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? { userId: claims.data.sub, deviceId: claims.data.jti } : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

/**
 * The device id of the first of `tokens` that is a live device token of this account, or null.
 * A forged, expired or another account's token is no token at all: never an error. Every token
 * is checked, also when there is no account (an unknown email), so timing tells nothing.
 */
export async function deviceIdFor(tokens: readonly string[], userId: string | undefined): Promise<string | null> {
  const devices = await Promise.all(tokens.slice(0, MAX_DEVICE_TOKENS).map(verifyDeviceToken));
  return devices.find((device) => device !== null && device.userId === userId)?.deviceId ?? null;
}

/**
 * The tokens a browser keeps after signing in with `token`: the new one first, then the others
 * still live, one per account, at most MAX_DEVICE_TOKENS.
 */
export async function keepDeviceToken(held: readonly string[], token: string): Promise<string[]> {
  const fresh = await verifyDeviceToken(token);
  if (!fresh) throw new Error('keepDeviceToken: the new token does not verify');
  const kept = [token];
  const accounts = new Set([fresh.userId]);
  for (const old of held) {
    const device = await verifyDeviceToken(old);
    if (!device || accounts.has(device.userId)) continue;
    accounts.add(device.userId);
    kept.push(old);
    if (kept.length === MAX_DEVICE_TOKENS) break;
  }
  return kept;
}
