import { afterEach, describe, expect, test, vi } from 'vitest';
import { signAccessToken, verifyAccessToken } from './tokens';
import { MAX_VERIFIED_TOKENS, type VerifiedClaims, recallVerifiedToken, rememberVerifiedToken, verifiedTokenCount } from './verified-tokens';

const TOLERANCE = 30;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const seconds = (ms: number) => Math.floor(ms / 1000);
const IDS = { userId: '4f1c2a8e-6b3d-4e7a-9c51-2d8f0b6a3e14', sessionId: 'b7e2d9c4-1a5f-4c86-8e3b-9f0a7d2c6b51' };

function claims(overrides: Partial<VerifiedClaims> = {}): VerifiedClaims {
  return { ...IDS, role: 'USER', issuedAt: seconds(NOW), expiresAt: seconds(NOW) + 900, notBefore: undefined, ...overrides };
}

afterEach(() => vi.useRealTimers());

describe('the verified-token cache', () => {
  test('a hit re-checks exp against the clock, with the same tolerance as jose', () => {
    recallVerifiedToken('scope-a', 'other', NOW, TOLERANCE);
    rememberVerifiedToken('scope-a', 'token', claims());
    expect(recallVerifiedToken('scope-a', 'token', NOW, TOLERANCE)).toMatchObject({ userId: IDS.userId });
    expect(recallVerifiedToken('scope-a', 'token', NOW + (900 + 29) * 1000, TOLERANCE)).not.toBeNull();
    expect(recallVerifiedToken('scope-a', 'token', NOW + (900 + 30) * 1000, TOLERANCE)).toBeNull();
    // An expired token leaves the cache: the next sight of it goes back to jose.
    expect(recallVerifiedToken('scope-a', 'token', NOW, TOLERANCE)).toBeUndefined();
  });

  test('a hit re-checks nbf and iat', () => {
    recallVerifiedToken('scope-b', '', NOW, TOLERANCE);
    rememberVerifiedToken('scope-b', 'later', claims({ notBefore: seconds(NOW) + 120 }));
    expect(recallVerifiedToken('scope-b', 'later', NOW, TOLERANCE)).toBeNull();
    rememberVerifiedToken('scope-b', 'future-iat', claims({ issuedAt: seconds(NOW) + 120 }));
    expect(recallVerifiedToken('scope-b', 'future-iat', NOW, TOLERANCE)).toBeNull();
  });

  test('is emptied when its scope (key set, issuer) changes', () => {
    recallVerifiedToken('ring-1', '', NOW, TOLERANCE);
    rememberVerifiedToken('ring-1', 'token', claims());
    expect(recallVerifiedToken('ring-1', 'token', NOW, TOLERANCE)).not.toBeUndefined();
    expect(recallVerifiedToken('ring-2', 'token', NOW, TOLERANCE)).toBeUndefined();
    expect(verifiedTokenCount()).toBe(0);
    // A verification that began under the old scope is not remembered under the new one.
    rememberVerifiedToken('ring-1', 'token', claims());
    expect(verifiedTokenCount()).toBe(0);
  });

  test('is bounded: the least recently used tokens go first', () => {
    recallVerifiedToken('bounded', '', NOW, TOLERANCE);
    for (let index = 0; index <= MAX_VERIFIED_TOKENS; index++) rememberVerifiedToken('bounded', `token-${index}`, claims());
    expect(verifiedTokenCount()).toBe(MAX_VERIFIED_TOKENS);
    expect(recallVerifiedToken('bounded', 'token-0', NOW, TOLERANCE)).toBeUndefined();
    expect(recallVerifiedToken('bounded', `token-${MAX_VERIFIED_TOKENS}`, NOW, TOLERANCE)).not.toBeUndefined();
  });
});

describe('verifyAccessToken with the cache', () => {
  test('a token verified once is refused after it expires, though it is cached', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const token = await signAccessToken({ ...IDS, role: 'USER' });
    expect(await verifyAccessToken(token)).not.toBeNull();
    expect(await verifyAccessToken(token)).not.toBeNull();
    vi.setSystemTime(NOW + (900 + 31) * 1000);
    expect(await verifyAccessToken(token)).toBeNull();
  });

  test('a tampered copy of a cached token is not a hit', async () => {
    const token = await signAccessToken({ ...IDS, role: 'USER' });
    expect(await verifyAccessToken(token)).not.toBeNull();
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(await verifyAccessToken(`${header}.${payload}.${flipped}`)).toBeNull();
  });
});
