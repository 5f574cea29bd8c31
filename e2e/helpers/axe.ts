import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

// Accessibility checks in the e2e tests: axe-core's WCAG 2.2 A and AA rules on the page as it is
// shown, and the list of the app's pages (app/**/page.tsx) the checks must cover.

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe tags its rules by the version that added them). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Impacts that fail a test; moderate and minor ones are left to review. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/** Runs axe on the page and fails on any serious or critical violation, listing each one in full. */
export async function expectAccessible(page: Page): Promise<void> {
  // After a Server Action the page re-renders and Next.js streams its metadata again: for a moment
  // the document may have no <title>, which axe reported once in CI. A page must still have one.
  await expect(page, 'the page has a <title>').toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const blocking = violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''));
  const report = blocking
    .map((violation) =>
      [
        `${violation.id} (${violation.impact}): ${violation.help}`,
        ...violation.nodes.map((node) => `  at ${node.target.join(' ')}`),
        `  ${violation.helpUrl}`,
      ].join('\n'),
    )
    .join('\n');
  expect(blocking.length, `axe found serious or critical violations on ${page.url()}:\n${report}`).toBe(0);
}

/** Every page's route, from the files of the App Router: `app/admin/users/[id]/page.tsx` → `/admin/users/[id]`. */
export function pageRoutes(appDir = 'app'): string[] {
  const files = readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter((file) => file === 'page.tsx' || file.endsWith(`${sep}page.tsx`));
  return files
    .map((file) => {
      const segments = relative(appDir, join(appDir, file)).split(sep).slice(0, -1);
      // Route groups, `(name)`, are not part of the address.
      return `/${segments.filter((segment) => !/^\(.*\)$/.test(segment)).join('/')}`;
    })
    .sort();
}

/** Whether an address's path belongs to a route: each `[param]` stands for one path segment. */
export function routeMatches(route: string, pathname: string): boolean {
  const pattern = route
    .split('/')
    .map((segment) => (/^\[.+\]$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}$`).test(pathname);
}
