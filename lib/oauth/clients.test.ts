import { describe, expect, test } from 'vitest';
import { clientInputSchema } from './clients';

// The registration rules (RFC 6749 section 3.1.2), as the admin console and clients:create meet them.

const valid = { name: 'Wiki', redirectUris: ['https://wiki.example.com/cb'], postLogoutRedirectUris: [] as string[], scopes: ['email'] };

/** The codes a registration is refused with, by field and line. */
function refusals(input: Partial<typeof valid> & Record<string, unknown>): [string, string][] {
  const result = clientInputSchema.safeParse({ ...valid, ...input });
  if (result.success) return [];
  return result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

describe('redirect URIs', () => {
  test('each is refused with one code, the first problem found; text that is no URL is refused, not thrown on', () => {
    expect(
      refusals({
        redirectUris: ['not a url', 'http://example.com/cb', 'https://app.example.com/cb#frag', 'https://app.example.com/cb#', 'javascript:alert(1)', 'http://x.example/#f'],
      }),
    ).toEqual([
      ['redirectUris.0', 'uri_invalid'],
      ['redirectUris.1', 'uri_insecure'],
      ['redirectUris.2', 'uri_fragment'],
      ['redirectUris.3', 'uri_fragment'],
      ['redirectUris.4', 'uri_insecure'],
      ['redirectUris.5', 'uri_fragment'],
    ]);
    expect(refusals({ redirectUris: [`https://app.example.com/${'a'.repeat(2000)}`] })).toEqual([['redirectUris.0', 'uri_too_long']]);
    expect(refusals({ redirectUris: [] })).toEqual([['redirectUris', 'uri_required']]);
    expect(refusals({ postLogoutRedirectUris: Array.from({ length: 11 }, (_, i) => `https://app.example.com/${i}`) })).toEqual([
      ['postLogoutRedirectUris', 'uri_too_many'],
    ]);
  });

  test('plain http only on loopback; surrounding spaces and repeats are dropped', () => {
    const parsed = clientInputSchema.parse({
      ...valid,
      redirectUris: [' http://localhost:8080/cb ', 'http://127.0.0.1/cb', 'http://[::1]:9000/cb', 'http://localhost:8080/cb'],
    });
    expect(parsed.redirectUris).toEqual(['http://localhost:8080/cb', 'http://127.0.0.1/cb', 'http://[::1]:9000/cb']);
  });
});

describe('name and scopes', () => {
  test('a name is required and at most 100 characters', () => {
    expect(refusals({ name: '   ' })).toEqual([['name', 'name_required']]);
    expect(refusals({ name: 'a'.repeat(101) })).toEqual([['name', 'name_too_long']]);
  });

  test('openid is always granted, scopes keep their canonical order, and an unknown scope is refused', () => {
    expect(clientInputSchema.parse({ ...valid, scopes: ['offline_access', 'email'] }).scopes).toEqual(['openid', 'email', 'offline_access']);
    expect(clientInputSchema.parse({ ...valid, scopes: [] }).scopes).toEqual(['openid']);
    expect(refusals({ scopes: ['email', 'admin'] })).toEqual([['scopes.1', 'scope_unknown']]);
  });
});
