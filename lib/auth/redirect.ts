// Where to send a user after signing in. Only a path on this site is accepted: anything that a
// browser could read as another origin (`//evil.com`, `/\evil.com`, `https://…`, `javascript:`,
// encoded or whitespace variants) falls back to the dashboard.

// Set by middleware on protected requests so the DAL can send a signed-out user back after login.
export const PATH_HEADER = 'x-latchkey-path';

export const DEFAULT_AFTER_SIGN_IN = '/dashboard';
const MAX_LENGTH = 2048;
const PROBE_ORIGIN = 'http://latchkey.invalid';

export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return DEFAULT_AFTER_SIGN_IN;
  // Browsers treat `\` like `/` and drop tabs and newlines, so `/\evil.com` is `//evil.com`.
  if (!value.startsWith('/') || /[\\\s\u0000-\u001f\u007f]/.test(value)) return DEFAULT_AFTER_SIGN_IN;
  if (value.startsWith('//')) return DEFAULT_AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_AFTER_SIGN_IN;
  // Resolving dot segments can expose a new `//`: `/.//evil.com` becomes `//evil.com`.
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? DEFAULT_AFTER_SIGN_IN : path;
}

export function loginPath(next?: string): string {
  if (!next || safeNextPath(next) !== next) return '/login';
  return `/login?${new URLSearchParams({ next })}`;
}

/** The second step of signing in (two-factor code), keeping where to go afterwards. */
export function verifyPath(next: string, method?: 'recovery'): string {
  const params = new URLSearchParams({ ...(next !== DEFAULT_AFTER_SIGN_IN ? { next } : {}), ...(method ? { method } : {}) });
  return params.size > 0 ? `/login/verify?${params}` : '/login/verify';
}
