import 'server-only';
import { type TokenPurpose, signPurposeToken, verifyPurposeToken } from './purpose-tokens';

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
const DEVICE_TOKEN: TokenPurpose = {
  key: 'device token signing',
  typ: 'device+jwt',
  audience: 'latchkey:device',
  ttlSeconds: DEVICE_TOKEN_TTL_SECONDS,
  maxLength: 1024,
};

export type DeviceToken = { userId: string; deviceId: string };

/** A token for a new device of this user; every sign-in names a new device. */
export function signDeviceToken(userId: string): Promise<string> {
  return signPurposeToken(DEVICE_TOKEN, { sub: userId, jti: crypto.randomUUID() });
}

/** The account and device a token names, or null for anything that is not a live device token. */
export async function verifyDeviceToken(token: string): Promise<DeviceToken | null> {
  const claims = await verifyPurposeToken(DEVICE_TOKEN, token);
  return claims && { userId: claims.sub, deviceId: claims.jti };
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
