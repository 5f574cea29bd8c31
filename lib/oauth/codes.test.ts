import { describe, expect, test } from 'vitest';
import { verifierMatches } from './codes';

describe('PKCE S256 (RFC 7636 section 4.6)', () => {
  // The example of RFC 7636 Appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  test('the RFC’s verifier matches its challenge', () => {
    expect(verifierMatches(verifier, challenge)).toBe(true);
  });

  test('another verifier, the challenge itself (plain) or a verifier of the wrong length or alphabet does not', () => {
    expect(verifierMatches(`${verifier.slice(0, -1)}l`, challenge)).toBe(false);
    expect(verifierMatches(challenge, challenge)).toBe(false);
    expect(verifierMatches('a'.repeat(42), challenge)).toBe(false);
    expect(verifierMatches('a'.repeat(129), challenge)).toBe(false);
    expect(verifierMatches(`${verifier.slice(0, -1)}+`, challenge)).toBe(false);
  });
});
