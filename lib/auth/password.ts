import bcrypt from 'bcryptjs';
import { getConfig } from '../config';

// bcrypt reads at most 72 bytes of a password. Sign-up refuses longer ones (credentials.ts);
// sign-in treats them as wrong rather than letting bcrypt compare a silently truncated prefix.
export const MAX_PASSWORD_BYTES = 72;

// "é" can be typed as one code point (macOS, most keyboards) or as "e" plus a combining accent
// (some Linux input methods, copy-paste from PDFs). Hashing the NFC form makes both the same
// password.
function normalize(password: string): string {
  return password.normalize('NFC');
}

export function passwordByteLength(password: string): number {
  return Buffer.byteLength(normalize(password), 'utf8');
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(normalize(password), getConfig().bcryptCost);
}

let dummyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, passwordHash: string | null): Promise<boolean> {
  // With no account to check against, compare with a hash of the same cost anyway: the answer
  // then takes as long as for a real account, so response time does not reveal which emails exist.
  dummyHash ??= hashPassword(crypto.randomUUID());
  const hash = passwordHash ?? (await dummyHash);
  const matches = await bcrypt.compare(normalize(password), hash);
  return matches && passwordHash !== null && passwordByteLength(password) <= MAX_PASSWORD_BYTES;
}
