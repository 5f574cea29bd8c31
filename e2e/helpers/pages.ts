import { type Page, type TestInfo } from '@playwright/test';

// Where a test is browsing, and waiting until a page is ready for it.

/** Where journeys save their screenshots. */
export const SCREENS = 'test-results/screens';

/** Absolute URL on the app under test. */
export function appUrl(baseURL: string | undefined, path: string): string {
  if (!baseURL) throw new Error('baseURL is not configured');
  return new URL(path, baseURL).toString();
}

/** The base URL of the project the test runs in. */
export function baseURLOf(testInfo: TestInfo): string {
  const url = testInfo.project.use.baseURL;
  if (!url) throw new Error('no baseURL configured');
  return url;
}

/** Waits until React has hydrated the page's form (its submit button carries React's props). */
export async function waitForHydratedForm(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const button = document.querySelector('main form button[type="submit"]');
    return button !== null && Object.keys(button).some((key) => key.startsWith('__reactProps'));
  });
}

/** Waits until React has hydrated the page: the header's home link carries React's props. */
export async function expectHydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const link = document.querySelector('header a.brand');
    return link !== null && Object.keys(link).some((key) => key.startsWith('__reactProps'));
  });
}

/** Waits until the page's own background requests (Link prefetches) are done. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}
