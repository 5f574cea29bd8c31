import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { secretWeakness } from './secret-weakness';

const REFUSED = '; generate a random secret';

describe('well-known and placeholder secrets', () => {
  test.each([
    'secret',
    'changeme',
    'your-very-secret-key',
    ' Secret ',
    'CHANGEME',
    '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7',
    'a-string-secret-at-least-256-bits-long',
    'your-super-secret-jwt-token-with-at-least-32-characters-long',
    'super-secret-jwt-token-with-at-least-32-characters-long',
    'reallyreallyreallyreallyverysafe',
    '404E635266556A586E3272357538782F413F4428472B4B6250645367566B5970',
    '5367566B59703373367639792F423F4528482B4D6251655468576D5A71347437',
    '3EK6FD+o0+c7tzBNVfjpMkNDi2yARAAKzQlk8O2IKoxQu4nF7EdAh8s3TwpHwrdWT6R',
  ])('%j is a well-known example value', (secret) => {
    expect(secretWeakness(secret)).toBe(`is a well-known example value${REFUSED}`);
  });

  test.each([
    ['your_jwt_secret_key_here_for_this_app', 'yourjwtsecret'],
    ['JWT-SECRET-Change-Me-In-Production-2024', 'changeme'],
    ['please-replace-me-with-something-random', 'replaceme'],
  ])('%j is a placeholder', (secret, word) => {
    expect(secretWeakness(secret)).toBe(`contains "${word}", a placeholder of example files${REFUSED}`);
  });
});

test('fewer than 32 bytes is too short, counted in UTF-8 bytes', () => {
  expect(secretWeakness(randomBytes(24).toString('base64url').slice(0, 31))).toBe('must be at least 32 bytes long');
  expect(secretWeakness(randomBytes(16).toString('hex').slice(0, 31))).toBe('must be at least 32 bytes long');
  // 16 characters of two bytes each.
  expect(secretWeakness('é'.repeat(16))).not.toBe('must be at least 32 bytes long');
});

describe('patterns a random secret does not show', () => {
  test('the example of issue #15: a hex block repeated', () => {
    expect(secretWeakness('0123456789abcdef0123456789abcdef')).toBe(`repeats a block of 16 characters${REFUSED}`);
  });

  test('too few different characters', () => {
    expect(secretWeakness('a'.repeat(64))).toBe(`is too repetitive to be random (64 characters, only 1 of them different)${REFUSED}`);
    expect(secretWeakness('0'.repeat(32) + 'f'.repeat(32))).toBe(
      `is too repetitive to be random (64 characters, only 2 of them different)${REFUSED}`,
    );
    // Random bytes, but each one 0 or 1: 32 bits of entropy in 43 base64url characters.
    const bits = Buffer.from(Array.from(randomBytes(32), (byte) => byte & 1)).toString('base64url');
    expect(secretWeakness(bits)).toMatch(/^is too repetitive to be random \(43 characters, only \d of them different\)/);
  });

  test('a block repeated, in characters or in the bytes a secret decodes to', () => {
    expect(secretWeakness('abcabcabcabcabcabcabcabcabcabcabcabc')).toBe(`repeats a block of 3 characters${REFUSED}`);
    expect(secretWeakness('1q2w3e4r5t6y7u8i9o0p1q2w3e4r5t6y7u8i9o0p')).toBe(`repeats a block of 20 characters${REFUSED}`);
    // 16 random bytes twice: base64url shows no repeated block (16 bytes are 21⅓ characters).
    const block = randomBytes(16);
    const twice = Buffer.concat([block, block]).toString('base64url');
    expect(twice.slice(0, 21)).not.toBe(twice.slice(21, 42));
    // Its 32 bytes have at most 16 different values, where random ones have at least 20.
    expect(secretWeakness(twice)).toMatch(/^is too repetitive to be random \(32 bytes once decoded, only \d+ of them different\)/);
  });

  test('a long evenly spaced run, in characters or in decoded bytes', () => {
    const runs = `contains a run of 26 evenly spaced characters, like "abcdef", "2468" or "aaaa"${REFUSED}`;
    expect(secretWeakness('test-secret-0123456789-abcdefghijklmnopqrstuvwxyz')).toBe(runs);
    expect(secretWeakness(`${randomBytes(8).toString('base64url')}zyxwvutsrqponmlkjihgfedcba`)).toBe(runs);
    const counting = Buffer.from(Array.from({ length: 32 }, (_, index) => index));
    const decodedRun = `contains a run of 32 evenly spaced bytes once decoded, like 01 02 03 04 or 00 00 00 00${REFUSED}`;
    expect(secretWeakness(counting.toString('hex'))).toBe(decodedRun);
    expect(secretWeakness(counting.toString('base64'))).toBe(decodedRun);
    // Eight bytes 01 23 45 … ef in the middle of random ones: a step of 0x22.
    const stepped = Buffer.concat([randomBytes(12), Buffer.from('0123456789abcdef', 'hex'), randomBytes(12)]).toString('hex');
    expect(secretWeakness(stepped)).toMatch(/^contains a run of (8|9|10) evenly spaced bytes once decoded/);
  });
});

describe('random secrets are accepted', () => {
  // Each test below refuses a random secret with a chance under 2^-32, so 100,000 of each form
  // all pass unless a test misjudges random input.
  test.each([
    ['randomBytes(32).toString("base64url")', () => randomBytes(32).toString('base64url')],
    ['randomBytes(32).toString("hex")', () => randomBytes(32).toString('hex')],
    ['randomBytes(32).toString("base64")', () => randomBytes(32).toString('base64')],
    ['randomBytes(16).toString("hex"), the shortest hex', () => randomBytes(16).toString('hex')],
    ['randomBytes(24).toString("base64"), the shortest base64', () => randomBytes(24).toString('base64')],
    ['randomUUID()', () => randomUUID()],
  ])('100,000 of %s: none refused', (_, generate) => {
    const refusals: string[] = [];
    for (let index = 0; index < 100_000; index++) {
      const secret = generate();
      const weakness = secretWeakness(secret);
      if (weakness) refusals.push(`${secret}: ${weakness}`);
    }
    expect(refusals).toEqual([]);
  });

  test('passphrases and mixed secrets without a pattern', () => {
    expect(secretWeakness('correct-horse-battery-staple-and-more')).toBeNull();
    expect(secretWeakness(randomBytes(48).toString('base64'))).toBeNull();
    expect(secretWeakness(`${randomBytes(20).toString('hex')}-${randomBytes(20).toString('base64url')}`)).toBeNull();
  });
});
