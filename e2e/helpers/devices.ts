import { type BrowserContext, type Page, test as base } from '@playwright/test';

// "Devices" in the e2e tests: browsers of their own (cookie jar, optionally User-Agent) beside
// the test's own page. Specs that open one use this `test`, whose newDevice fixture closes every
// context it opened when the test ends, passed or failed: an open context keeps its pages
// running (prefetches, timers) on a machine that has none to spare.

export const FIREFOX_MAC_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
export const CHROME_LINUX_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export type Device = { context: BrowserContext; page: Page };

/** Opens a new device on the project's base URL, with this User-Agent or the project's. */
export type NewDevice = (userAgent?: string) => Promise<Device>;

export const test = base.extend<{ newDevice: NewDevice }>({
  // Playwright's `use`, under another name: the React hooks lint rule would take it for React's.
  newDevice: async ({ browser, baseURL }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async (userAgent) => {
      const context = await browser.newContext({ baseURL, ...(userAgent && { userAgent }) });
      opened.push(context);
      return { context, page: await context.newPage() };
    });
    await Promise.all(opened.map((context) => context.close()));
  },
});
