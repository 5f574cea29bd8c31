import { getConfig } from '../config';
import { runPasswordTask } from './password-pool';

export { PasswordQueueFullError } from './password-pool';

// bcrypt reads at most 72 bytes of a password. Sign-up refuses longer ones (credentials.ts);
// sign-in treats them as wrong rather than letting bcrypt compare a silently truncated prefix.
export const MAX_PASSWORD_BYTES = 72;

export function passwordByteLength(password: string): number {
  return Buffer.byteLength(password, 'utf8');
}

// bcryptjs runs in worker threads (password-pool.ts): same hashes ($2b$, BCRYPT_COST), off the event loop.
export async function hashPassword(password: string): Promise<string> {
  return runPasswordTask({ op: 'hash', password, cost: getConfig().bcryptCost });
}

let dummyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, passwordHash: string | null): Promise<boolean> {
  // With no account to check against, compare with a hash of the same cost anyway: the answer
  // then takes as long as for a real account, so response time does not reveal which emails exist.
  dummyHash ??= hashPassword(crypto.randomUUID()).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  const hash = passwordHash ?? (await dummyHash);
  const matches = await runPasswordTask({ op: 'compare', password, hash });
  return matches && passwordHash !== null && passwordByteLength(password) <= MAX_PASSWORD_BYTES;
}
