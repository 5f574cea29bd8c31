import { getConfig } from '../config';

// Cross-site request forgery defence: a request that can change something must come from a page
// of APP_URL's origin. Browsers always send Origin on POST and attackers' pages cannot forge it.
// Safe methods (GET, HEAD, OPTIONS) never change state here, so they need no check.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Pages and Server Actions: a state-changing request needs Origin equal to APP_URL's origin.
 * The API also serves programs, which send no Origin; a browser's cross-site request always does.
 */
export function isAllowedOrigin(request: { method: string; headers: Headers }, programsAllowed: boolean): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.get('origin');
  if (origin === null) return programsAllowed;
  return origin === getConfig().appUrl;
}
