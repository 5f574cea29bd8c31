import { Secret, TOTP, URI } from 'otpauth';
import { describe, expect, test } from 'vitest';
import { generateTotpSecret, isTotpCode, matchTotpStep, qrCodeSvg, totpUri } from './totp';

// RFC 6238 appendix B: the SHA-1 test key is the ASCII string "12345678901234567890".
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;
const STEP_MS = 30_000;

/** What an authenticator app shows for a secret at a time (8-digit RFC vectors cut to our 6). */
const codeAt = (secret: string, timestamp: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp });

describe('TOTP', () => {
  test('matches the RFC 6238 SHA-1 test vectors (last 6 digits)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, code] of vectors) {
      expect(matchTotpStep(RFC_SECRET, code.slice(2), seconds * 1000)).toBe(Math.floor(seconds / 30));
    }
  });

  test('a code one step early or late is accepted, with its own step', () => {
    const secret = generateTotpSecret();
    const now = Date.now();
    const step = Math.floor(now / STEP_MS);
    expect(matchTotpStep(secret, codeAt(secret, now), now)).toBe(step);
    expect(matchTotpStep(secret, codeAt(secret, now - STEP_MS), now)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(secret, now + STEP_MS), now)).toBe(step + 1);
  });

  test('a code two steps early or late is refused', () => {
    const secret = generateTotpSecret();
    // Mid-step, so the codes two steps away are unambiguous.
    const now = Math.floor(Date.now() / STEP_MS) * STEP_MS + STEP_MS / 2;
    for (const offset of [-2, 2, -3, 10]) {
      const code = codeAt(secret, now + offset * STEP_MS);
      // A random code of another step may coincide with a nearby one (1 in 10^6); skip that case.
      if ([-1, 0, 1].some((near) => codeAt(secret, now + near * STEP_MS) === code)) continue;
      expect(matchTotpStep(secret, code, now)).toBeNull();
    }
  });

  test('another secret, garbage and malformed codes are refused; spaces are ignored', () => {
    const secret = generateTotpSecret();
    const now = Date.now();
    const code = codeAt(secret, now);
    expect(matchTotpStep(generateTotpSecret(), code, now)).toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`, ' '.repeat(6)]) expect(matchTotpStep(secret, bad, now)).toBeNull();
    expect(matchTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(Math.floor(now / STEP_MS));
    expect(isTotpCode('123 456')).toBe(true);
    expect(isTotpCode('abcde-fghij')).toBe(false);
  });

  test('secrets are 160 random bits in base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  test('the URI carries the issuer, the account and the RFC 6238 parameters apps expect', () => {
    const secret = generateTotpSecret();
    const uri = totpUri(secret, 'ada@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Latchkey:ada%40example\.com\?/);
    const parsed = URI.parse(uri) as TOTP;
    expect(parsed).toBeInstanceOf(TOTP);
    expect({ issuer: parsed.issuer, algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period, secret: parsed.secret.base32 }).toEqual({
      issuer: 'Latchkey',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secret,
    });
  });

  test('the QR code is an SVG drawn locally', async () => {
    const svg = await qrCodeSvg(totpUri(generateTotpSecret(), 'ada@example.com'));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});
