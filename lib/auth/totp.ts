import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Prisma } from '../db/generated/client';

// Time-based one-time passwords (RFC 6238) as every authenticator app computes them: SHA-1,
// 30-second steps, 6 digits. The algorithm is otpauth's; this module only pins its parameters
// and adds what a server needs on top: a code is accepted one step early or late (clock drift),
// and never twice.

const ISSUER = 'Latchkey';
const PARAMETERS = { issuer: ISSUER, algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Steps accepted either side of now: ±30 s of clock drift between phone and server. */
const WINDOW = 1;
const SECRET_BYTES = 20;

/** A new random secret (160 bits, RFC 4226's recommendation), in the base32 form apps accept. */
export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return new TOTP({ ...PARAMETERS, label: account, secret: Secret.fromBase32(secret) }).toString();
}

/** The QR code of a URI as an SVG document, drawn here: the secret never reaches another service. */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** Whether a string has the shape of a TOTP code (spaces, as apps show them, are ignored). */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/**
 * The time step (30-second periods since 1970) the code belongs to, if it is the code of the
 * current step or of one step before or after; otherwise null.
 */
export function matchTotpStep(secret: string, code: string, timestamp = Date.now()): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = new TOTP({ ...PARAMETERS, secret: Secret.fromBase32(secret) });
  const delta = totp.validate({ token, timestamp, window: WINDOW });
  return delta === null ? null : totp.counter({ timestamp }) + delta;
}

/**
 * Records a step as used, unless it or a later one was already used: a conditional update, so of
 * two requests racing with one code exactly one wins. Returns whether this one did.
 */
export async function claimTotpStep(tx: Prisma.TransactionClient, userId: string, step: number): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}
