// Where to send a user after signing in. Only a path on this site is accepted: anything that a
// browser could read as another origin (`//evil.com`, `/\evil.com`, `https://…`, `javascript:`,
// encoded or whitespace variants) falls back to the dashboard.

// Set by middleware on protected requests so the DAL can send a signed-out user back after login.
export const PATH_HEADER = 'x-latchkey-path';

export const DEFAULT_AFTER_SIGN_IN = '/dashboard';
/** The query that makes the dashboard (and the second-factor step before it) say a reset just happened. */
export const PASSWORD_RESET_NOTICE = 'password-reset=1';
/** The query after which /settings/security says that a first password was set. */
export const PASSWORD_SET_NOTICE = 'password-set=1';
const MAX_LENGTH = 2048;
const PROBE_ORIGIN = 'http://latchkey.invalid';

// Browsers treat `\` like `/` and drop tabs and newlines, so `/\evil.com` is `//evil.com`.
const looksForeign = (path: string) => !path.startsWith('/') || path.startsWith('//') || /[\\\s\u0000-\u001f\u007f]/.test(path);

export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH || looksForeign(value)) return DEFAULT_AFTER_SIGN_IN;
  // The path once more after percent-decoding, as a proxy or a careless router might read it:
  // `/%2F/evil.com` and `/%09/evil.com` are refused too. The query may hold anything encoded.
  const pathPart = decodedOrNull(value.split(/[?#]/, 1)[0] ?? '');
  if (pathPart === null || looksForeign(pathPart)) return DEFAULT_AFTER_SIGN_IN;
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

function decodedOrNull(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export function loginPath(next?: string): string {
  return withNext('/login', next);
}

/** Sign-up, keeping where to go afterwards (an app's sign-in request) as sign-in does. */
export function signUpPath(next: string): string {
  return withNext('/signup', next === DEFAULT_AFTER_SIGN_IN ? undefined : next);
}

function withNext(path: string, next?: string): string {
  if (!next || safeNextPath(next) !== next) return path;
  return `${path}?${new URLSearchParams({ next })}`;
}

/** The second step of signing in (two-factor code), keeping where to go afterwards. */
export function verifyPath(next: string, method?: 'recovery'): string {
  const params = new URLSearchParams({ ...(next !== DEFAULT_AFTER_SIGN_IN ? { next } : {}), ...(method ? { method } : {}) });
  return params.size > 0 ? `/login/verify?${params}` : '/login/verify';
}
