// The security headers Latchkey sends that depend on the request or on APP_URL at run time;
// middleware sends them on every page. The ones that never change (X-Frame-Options, nosniff,
// Referrer-Policy, Permissions-Policy) are in next.config.js, on every response; the pages a
// mailed link opens replace its Referrer-Policy with a stricter one.

export const CSP_HEADER = 'Content-Security-Policy';

// Two years, the value browsers' preload lists ask for. Only ever sent over an https APP_URL.
const HSTS = 'max-age=63072000; includeSubDomains';

// The pages a mailed link opens carry its token in their address (?token=). They send no Referer
// to other sites at all, not even our origin: strict-origin-when-cross-origin already keeps the
// path and query to ourselves, same-origin also keeps quiet that someone followed such a link.
const MAIL_LINK_PAGES = /^\/(reset-password|verify-email)$/;

/** A fresh CSP nonce: 128 random bits, base64 (the form Next.js reads from the policy). */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export type PolicyOptions = {
  nonce: string;
  /** APP_URL is https: ask the browser to stay on https. */
  https: boolean;
  /** `next dev` evaluates code with eval() to rebuild server error stacks; production never does. */
  development: boolean;
};

/**
 * The Content-Security-Policy of a page. Scripts run only when they carry this request's nonce
 * (Next.js stamps it on its own scripts) or are loaded by such a script ('strict-dynamic'), so an
 * injected <script> or inline event handler does nothing. No 'unsafe-inline' for scripts, ever.
 */
export function contentSecurityPolicy({ nonce, https, development }: PolicyOptions): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Development injects style tags without a nonce for hot reloading.
    ['style-src', "'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    // An injected <base> cannot send relative script URLs elsewhere.
    ['base-uri', "'none'"],
    // An injected <form> cannot post credentials elsewhere.
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ...(https ? [['upgrade-insecure-requests'] as [string]] : []),
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

export type PageHeaderOptions = {
  policy: string;
  https: boolean;
  /** For pages that show personal data and responses that set session cookies: no browser or proxy cache may keep them. */
  noStore: boolean;
  pathname: string;
};

/** The headers middleware adds to a page response, besides the policy it built before routing. */
export function pageSecurityHeaders({ policy, https, noStore, pathname }: PageHeaderOptions): Record<string, string> {
  return {
    [CSP_HEADER]: policy,
    ...(https ? { 'Strict-Transport-Security': HSTS } : {}),
    ...(noStore ? { 'Cache-Control': 'no-store' } : {}),
    ...(MAIL_LINK_PAGES.test(pathname) ? { 'Referrer-Policy': 'same-origin' } : {}),
  };
}
