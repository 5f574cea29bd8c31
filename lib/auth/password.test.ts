import { describe, expect, test } from 'vitest';
import { MAX_PASSWORD_BYTES, hashPassword, passwordByteLength, verifyPassword } from './password';

describe('hashPassword / verifyPassword', () => {
  test('a hash verifies its own password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
  });

  test('a wrong password does not verify', async () => {
    const hash = await hashPassword('correct horse battery staple');
    await expect(verifyPassword('correct horse battery stapler', hash)).resolves.toBe(false);
    await expect(verifyPassword('Correct horse battery staple', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  test('a null hash (no such account) never verifies', async () => {
    await expect(verifyPassword('anything at all', null)).resolves.toBe(false);
    await expect(verifyPassword('', null)).resolves.toBe(false);
    // Called twice: the dummy hash is created once and reused.
    await expect(verifyPassword('anything at all', null)).resolves.toBe(false);
  });

  test('MAX_PASSWORD_BYTES is bcrypt’s 72-byte limit', () => {
    expect(MAX_PASSWORD_BYTES).toBe(72);
    expect(passwordByteLength('a'.repeat(72))).toBe(72);
    expect(passwordByteLength('é')).toBe(2);
    expect(passwordByteLength('€')).toBe(3);
    expect(passwordByteLength('😀')).toBe(4);
  });

  test('a stored 72-byte password verifies', async () => {
    const stored = 'p'.repeat(36) + 'q'.repeat(36);
    const hash = await hashPassword(stored);
    await expect(verifyPassword(stored, hash)).resolves.toBe(true);
  });

  test('a 73+ byte password whose first 72 bytes equal the stored password does not verify', async () => {
    const stored = 'p'.repeat(36) + 'q'.repeat(36);
    expect(passwordByteLength(stored)).toBe(72);
    const hash = await hashPassword(stored);
    await expect(verifyPassword(`${stored}x`, hash)).resolves.toBe(false);
    await expect(verifyPassword(`${stored}${'y'.repeat(100)}`, hash)).resolves.toBe(false);
  });

  test('the 72-byte cut-off counts UTF-8 bytes, not characters', async () => {
    // 24 three-byte characters = 72 bytes; one more ASCII character makes 73 bytes but only 25 characters.
    const stored = '€'.repeat(24);
    const hash = await hashPassword(stored);
    await expect(verifyPassword(stored, hash)).resolves.toBe(true);
    await expect(verifyPassword(`${stored}a`, hash)).resolves.toBe(false);
  });

  test('a long password hashed as-is does not verify either (sign-in treats it as wrong)', async () => {
    const long = 'z'.repeat(80);
    const hash = await hashPassword(long);
    await expect(verifyPassword(long, hash)).resolves.toBe(false);
  });

  test('the hash uses the configured cost (BCRYPT_COST=10) and the $2b$ variant', async () => {
    expect(process.env.BCRYPT_COST).toBe('10');
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
  });

  test('hashes are salted: the same password hashes differently each time, and both verify', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).not.toBe(b);
    expect(a.slice(0, 29)).not.toBe(b.slice(0, 29));
    await expect(verifyPassword('correct horse battery staple', a)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery staple', b)).resolves.toBe(true);
  });
});

describe('Unicode normalisation', () => {
  // "café" typed with a precomposed é (NFC) and with e + combining acute accent (NFD).
  const composed = 'caf\u00e9-au-lait-42';
  const decomposed = 'cafe\u0301-au-lait-42';

  test('the two spellings differ as strings but are the same password', async () => {
    expect(composed).not.toBe(decomposed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
    expect(await verifyPassword(composed, await hashPassword(decomposed))).toBe(true);
  });

  test('the byte limit counts the normalised form', () => {
    expect(passwordByteLength(decomposed)).toBe(passwordByteLength(composed));
  });
});
