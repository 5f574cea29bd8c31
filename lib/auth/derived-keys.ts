import 'server-only';
import { hkdfSync } from 'node:crypto';
import { getConfig } from '../config';

// JWT_SECRET has one job: it is the HS256 key of access tokens, which other services verify with
// it (it must stay the raw secret for them). Every other key is derived from it with HKDF-SHA256
// and a label of its own, so no two purposes share key material, and a key that leaks from one
// purpose (or the secret given to another service) says nothing about the others.

export type KeyPurpose =
  | 'refresh rotation'
  | 'mfa challenge signing'
  | 'mfa secret encryption'
  | 'device token signing'
  | 'passkey challenge signing'
  | 'provider flow signing';

const KEY_BYTES = 32;
// Keyed by purpose and secret: tests and key changes swap the secret within one process.
const derived = new Map<string, Buffer>();

/** The 256-bit key for one purpose, from JWT_SECRET unless another input key is given. */
export function deriveKey(purpose: KeyPurpose, inputKey: string = getConfig().jwtSecret): Buffer {
  const id = `${purpose}\0${inputKey}`;
  let key = derived.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', inputKey, Buffer.alloc(0), `latchkey ${purpose} v1`, KEY_BYTES));
    derived.set(id, key);
  }
  return key;
}
