// The scopes Latchkey grants to apps (OpenID Connect Core 1.0 sections 5.4 and 11).
//  - openid: sign the user in (sub, auth_time, amr).
//  - profile: the user's language and when the account last changed (locale, updated_at).
//  - email: email and email_verified.
//  - offline_access: a refresh token, so the app keeps access while the user is away.
export const SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** A scope parameter (RFC 6749 section 3.3): space-separated, order and repeats meaningless. */
export function parseScope(value: string): string[] {
  return [...new Set(value.split(' ').filter((scope) => scope.length > 0))];
}
