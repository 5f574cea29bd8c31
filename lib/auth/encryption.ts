import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { getConfig } from '../config';
import { deriveKey } from './derived-keys';

// Encryption at rest for TOTP secrets: AES-256-GCM, which also authenticates, so a changed
// ciphertext fails to decrypt instead of yielding another secret. The key is derived with HKDF
// from MFA_ENCRYPTION_KEY, or else from JWT_SECRET (in development the data-folder secret); the
// info string keeps it apart from every other use of those secrets. Each value is bound to a
// context (the user id) as additional data, so a ciphertext copied to another row is refused.
//
// Stored form: v1.<96-bit IV>.<ciphertext><128-bit tag>, base64url.

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function encryptionKey(): Buffer {
  const { mfaEncryptionKey, jwtSecret } = getConfig();
  return deriveKey('mfa secret encryption', mfaEncryptionKey ?? jwtSecret);
}

export function encryptSecret(plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The plaintext, or null when the value was changed, belongs to another context or another key. */
export function decryptSecret(stored: string, context: string): string | null {
  const [version, ivText, sealedText] = stored.split('.');
  if (version !== VERSION || !ivText || !sealedText) return null;
  const iv = Buffer.from(ivText, 'base64url');
  const sealed = Buffer.from(sealedText, 'base64url');
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey(), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
