import 'server-only';
import { getConfig } from '../config';
import { runPasswordTask } from './password-pool';

export { PasswordQueueFullError } from './password-pool';

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

// bcryptjs runs in worker threads (password-pool.ts): same hashes ($2b$, BCRYPT_COST), off the event loop.
export async function hashPassword(password: string): Promise<string> {
  return runPasswordTask({ op: 'hash', password: normalize(password), cost: getConfig().bcryptCost });
}

let dummyHash: Promise<string> | undefined;

// Made at the first password check of any kind, so the first unknown email is not the slow one.
function dummyPasswordHash(): Promise<string> {
  if (!dummyHash) {
    const made = hashPassword(crypto.randomUUID());
    dummyHash = made;
    // Refused (the pool was full): the next check makes it again. Caught here because a check
    // against a real account never awaits it.
    made.catch(() => {
      if (dummyHash === made) dummyHash = undefined;
    });
  }
  return dummyHash;
}

export async function verifyPassword(password: string, passwordHash: string | null): Promise<boolean> {
  // With no account to check against, compare with a hash of the same cost anyway: the answer
  // then takes as long as for a real account, so response time does not reveal which emails exist.
  const dummy = dummyPasswordHash();
  const hash = passwordHash ?? (await dummy);
  const matches = await runPasswordTask({ op: 'compare', password: normalize(password), hash });
  return matches && passwordHash !== null && passwordByteLength(password) <= MAX_PASSWORD_BYTES;
}
