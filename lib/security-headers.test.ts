import { describe, expect, test } from 'vitest';
import nextConfig from '../next.config.js';
import { CSP_HEADER, contentSecurityPolicy, createNonce, pageSecurityHeaders } from './security-headers';

// Next.js takes the nonce from the first source of script-src that matches this pattern
// (next/dist/server/app-render/get-script-nonce-from-header.js).
const NEXT_NONCE_SOURCE = /^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/;

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => {
    const [name = '', ...sources] = part.trim().split(/\s+/);
    return [name, sources];
  }));
}

const production = { nonce: 'bm9uY2Vub25jZW5vbmNlMQ==', https: false, development: false };

describe('createNonce', () => {
  test('is 128 random bits in a form Next.js reads, and new every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(`'nonce-${nonce}'`).toMatch(NEXT_NONCE_SOURCE);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    }
  });
});

describe('contentSecurityPolicy', () => {
  test('scripts need the nonce; no unsafe-inline or unsafe-eval in production', () => {
    const scripts = directives(contentSecurityPolicy(production)).get('script-src');
    expect(scripts).toEqual(["'self'", `'nonce-${production.nonce}'`, "'strict-dynamic'"]);
    expect(contentSecurityPolicy(production)).not.toContain('unsafe-');
  });

  test('Next.js finds the nonce in script-src', () => {
    const scripts = directives(contentSecurityPolicy(production)).get('script-src') ?? [];
    const found = scripts.map((source) => NEXT_NONCE_SOURCE.exec(source)?.[1]).find(Boolean);
    expect(found).toBe(production.nonce);
  });

  test('forbids framing, plugins, base rewriting and posting forms elsewhere', () => {
    const policy = directives(contentSecurityPolicy(production));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", `'nonce-${production.nonce}'`]);
  });

  test('upgrades insecure requests only on https', () => {
    expect(directives(contentSecurityPolicy(production)).has('upgrade-insecure-requests')).toBe(false);
    expect(directives(contentSecurityPolicy({ ...production, https: true })).get('upgrade-insecure-requests')).toEqual([]);
  });

  test('development allows eval and inline styles for next dev, still no inline scripts', () => {
    const policy = directives(contentSecurityPolicy({ ...production, development: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('style-src')).toContain("'unsafe-inline'");
  });
});

describe('pageSecurityHeaders', () => {
  const policy = contentSecurityPolicy(production);
  const page = { policy, pathname: '/login' };

  test('HSTS only when APP_URL is https', () => {
    expect(pageSecurityHeaders({ ...page, https: false, noStore: false })).not.toHaveProperty('Strict-Transport-Security');
    expect(pageSecurityHeaders({ ...page, https: true, noStore: false })['Strict-Transport-Security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });

  test('no-store when asked, nothing about caching otherwise', () => {
    expect(pageSecurityHeaders({ ...page, https: false, noStore: true })['Cache-Control']).toBe('no-store');
    expect(pageSecurityHeaders({ ...page, https: false, noStore: false })).not.toHaveProperty('Cache-Control');
  });

  test('carries the policy it was given', () => {
    expect(pageSecurityHeaders({ ...page, https: false, noStore: false })[CSP_HEADER]).toBe(policy);
  });

  test('the pages a mailed link opens (its token in the address) send no Referer to other sites', () => {
    for (const pathname of ['/reset-password', '/verify-email']) {
      expect(pageSecurityHeaders({ policy, pathname, https: false, noStore: false })['Referrer-Policy'], pathname).toBe('same-origin');
    }
  });

  test('other pages keep the static Referrer-Policy of next.config.js', () => {
    for (const pathname of ['/', '/login', '/dashboard', '/reset-password/x', '/verify-emails', '/x/verify-email']) {
      expect(pageSecurityHeaders({ policy, pathname, https: false, noStore: false }), pathname).not.toHaveProperty('Referrer-Policy');
    }
  });
});

describe('the static headers of next.config.js', () => {
  test('on every path: deny framing and sniffing, trim referrers, and grant no browser feature', async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    expect(rules.map((rule) => rule.source)).toEqual(['/:path*']);
    const STATIC_SECURITY_HEADERS = Object.fromEntries(rules[0]!.headers.map(({ key, value }) => [key, value]));
    expect(STATIC_SECURITY_HEADERS).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    const features = STATIC_SECURITY_HEADERS['Permissions-Policy']?.split(', ') ?? [];
    expect(features.length).toBeGreaterThan(5);
    // Every feature is off, but passkeys, which only this site's own pages may use.
    const passkeys = ['publickey-credentials-create=(self)', 'publickey-credentials-get=(self)'];
    for (const feature of features.filter((feature) => !passkeys.includes(feature))) expect(feature).toMatch(/^[a-z-]+=\(\)$/);
    expect(features).toContain('camera=()');
    expect(features).toEqual(expect.arrayContaining(passkeys));
  });
});
