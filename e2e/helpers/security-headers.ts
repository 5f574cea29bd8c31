import { type Page, expect } from '@playwright/test';

// The security headers every page carries, and what the browser reports against its policy.

/** A Content-Security-Policy split into its directives: name -> sources. */
export function cspDirectives(policy: string | undefined): Map<string, string[]> {
  expect(policy, 'Content-Security-Policy header').toBeTruthy();
  return new Map(
    (policy ?? '').split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name.toLowerCase(), sources];
    }),
  );
}

/** The nonce in a policy's script-src. */
export function scriptNonce(policy: string | undefined): string {
  const source = cspDirectives(policy).get('script-src')?.find((value) => value.startsWith("'nonce-"));
  expect(source, 'a nonce in script-src').toBeDefined();
  return (source ?? '').slice("'nonce-".length, -1);
}

/** The headers every page carries, whoever asks (names in lower case, as Playwright gives them). */
export function expectPageSecurityHeaders(headers: Record<string, string>): void {
  const policy = cspDirectives(headers['content-security-policy']);
  const scripts = policy.get('script-src') ?? [];
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toMatch(/(^|, )camera=\(\)(, |$)/);
  expect(headers['permissions-policy']).toMatch(/(^|, )geolocation=\(\)(, |$)/);
  expect(headers['permissions-policy']).toMatch(/(^|, )microphone=\(\)(, |$)/);
  expect(headers).not.toHaveProperty('x-powered-by');
}

/**
 * Records every Content-Security-Policy violation on a page from now on: the browser's console
 * message and the page's securitypolicyviolation event, on every page it loads.
 */
export async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|frame)/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'} on ${location.pathname}`);
    });
  });
  return violations;
}
