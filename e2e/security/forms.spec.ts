import { type Page, expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USER, GOOD_PASSWORD, signUp, submitSignIn, submitSignUp, uniqueEmail } from '../helpers/accounts';
import { sessionCookies } from '../helpers/cookies';
import { PROTECTED_MARKER } from '../helpers/raw-http';

// Forms and actions: cross-site posts, open redirects, password rules, input limits.

const EVIL_ORIGIN = 'http://evil.test';

type Field = { name: string; value: string };

/**
 * The hidden fields that name a Server Action in the server-rendered HTML of a page (React drops
 * them once it hydrates), for the form at `index` among the forms that have them.
 */
async function actionFields(page: Page, path: string, index: number): Promise<Field[]> {
  const html = await (await page.request.get(path)).text();
  const forms = html.split('<form').slice(1).map((form) => form.slice(0, form.indexOf('</form>')));
  const withAction = forms.filter((form) => form.includes('name="$ACTION'));
  const fields = [...(withAction[index] ?? '').matchAll(/<input type="hidden" name="(\$ACTION[^"]*)"(?: value="([^"]*)")?\/>/g)];
  const unescape = (value: string) => value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  return fields.map(([, name = '', value = '']) => ({ name, value: unescape(value) }));
}

/** A page that posts a hidden form to `target`, at once unless told not to. */
function formPage(target: string, fields: Field[], autoSubmit = true): string {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const inputs = fields.map((field) => `<input type="hidden" name="${escape(field.name)}" value="${escape(field.value)}">`).join('');
  const script = autoSubmit ? '<script>document.forms[0].submit()</script>' : '';
  return `<!doctype html><form method="POST" action="${target}" enctype="multipart/form-data">${inputs}</form>${script}`;
}

/** Opens a page of another site that posts `fields` to `target`, and returns the app's answer. */
async function postFromEvilSite(page: Page, target: string, fields: Field[]) {
  await page.route(`${EVIL_ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: formPage(target, fields) }));
  const answer = page.waitForResponse((response) => response.url() === target && response.request().method() === 'POST');
  await page.goto(`${EVIL_ORIGIN}/`);
  return answer;
}

test.describe('cross-site request forgery', () => {
  test('a sign-out form posted from another site is refused with 403 and the session survives', async ({ page, baseURL }) => {
    await signUp(page, uniqueEmail('csrf'));
    const fields = await actionFields(page, '/dashboard', 0);
    expect(fields.map((field) => field.name)).toEqual([expect.stringMatching(/^\$ACTION_ID_/)]);

    const response = await postFromEvilSite(page, `${baseURL}/dashboard`, fields);
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('Refused: this request did not come from a page of');

    await page.goto('/dashboard');
    await expect(page.getByText(PROTECTED_MARKER)).toBeVisible();
    expect((await sessionCookies(page.context())).refresh).toBeDefined();
  });

  test('control: the same form posted from Latchkey itself signs out', async ({ page, baseURL }) => {
    await signUp(page, uniqueEmail('csrf-control'));
    const fields = await actionFields(page, '/dashboard', 0);
    await page.setContent(formPage(`${baseURL}/dashboard`, fields, false));
    await Promise.all([page.waitForURL(/\/login$/), page.evaluate(() => document.forms[0]?.submit())]);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  });

  test('a sign-in posted from another site is refused (login CSRF) and sets no cookie', async ({ page, baseURL }) => {
    const fields = [
      ...(await actionFields(page, '/login', 0)),
      { name: 'email', value: DEMO_USER },
      { name: 'password', value: DEMO_PASSWORD },
      { name: 'next', value: '/dashboard' },
    ];
    const response = await postFromEvilSite(page, `${baseURL}/login`, fields);
    expect(response.status()).toBe(403);
    expect(await sessionCookies(page.context())).toEqual({ access: undefined, refresh: undefined });
  });

  test('state-changing endpoints refuse GET', async ({ request }) => {
    for (const path of ['/api/auth/token', '/api/auth/revoke']) {
      const response = await request.get(`${path}?grant_type=password&username=${DEMO_USER}&password=${DEMO_PASSWORD}&token=x`);
      expect(response.status(), path).toBe(405);
    }
  });
});

// Next.js dispatches a Server Action on any path it renders a page for, its not-found page
// included, so on unknown paths under /api/ and /.well-known/ too, and the not-found page carries
// the header's sign-out action. Those paths used to skip middleware, and with it the Origin check
// and the body limit: Next.js's own check compares Origin with Host (or X-Forwarded-Host), which
// a rebinding DNS name or a proxy can make agree, and lets a request without Origin through.
test.describe('Server Actions posted outside the pages', () => {
  const PATHS = [
    '/favicon.ico',
    '/_next/image',
    '/_next/image/x',
    '/_next/static',
    '/_next/staticx',
    '/_next/static/x',
    '/api/nope',
    '/api/health',
    '/api/auth/token',
    '/.well-known/nope',
    '/.well-known/jwks.json',
    '/dev/outbox/x/html',
    '/dev/outbox/x/htmlx',
  ];

  type Post = { label: string; headers: Record<string, string>; multipart: boolean };

  function attacks(actionId: string): Post[] {
    const fetchAction = { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8' };
    return [
      { label: 'Next-Action, foreign Origin', headers: { ...fetchAction, Origin: EVIL_ORIGIN }, multipart: false },
      { label: 'Next-Action, Origin null', headers: { ...fetchAction, Origin: 'null' }, multipart: false },
      { label: 'Next-Action, no Origin', headers: fetchAction, multipart: false },
      { label: 'Next-Action, foreign Origin = X-Forwarded-Host', headers: { ...fetchAction, Origin: EVIL_ORIGIN, 'X-Forwarded-Host': new URL(EVIL_ORIGIN).host }, multipart: false },
      { label: 'form post, foreign Origin', headers: { Origin: EVIL_ORIGIN }, multipart: true },
      { label: 'form post, no Origin', headers: {}, multipart: true },
    ];
  }

  /** Posts the action the way Next.js's client (Next-Action header) or a plain form (a $ACTION_ID_ field) would. */
  function postAction(page: Page, path: string, actionId: string, post: Post, padding = '') {
    const body = post.multipart ? { multipart: { [`$ACTION_ID_${actionId}`]: '', padding } } : { data: JSON.stringify([padding]) };
    return page.request.post(path, { headers: post.headers, maxRedirects: 0, ...body });
  }

  async function signOutActionId(page: Page): Promise<string> {
    const [field] = await actionFields(page, '/dashboard', 0);
    expect(field?.name).toMatch(/^\$ACTION_ID_/);
    return (field?.name ?? '').slice('$ACTION_ID_'.length);
  }

  async function expectSignedIn(page: Page): Promise<void> {
    await page.goto('/dashboard');
    await expect(page.getByText(PROTECTED_MARKER)).toBeVisible();
  }

  test('the sign-out action is refused on every path without a page, and the session survives', async ({ page }) => {
    await signUp(page, uniqueEmail('action-paths'));
    const actionId = await signOutActionId(page);
    for (const path of PATHS) {
      for (const post of attacks(actionId)) {
        const response = await postAction(page, path, actionId, post);
        const label = `${post.label} to ${path}`;
        expect([403, 404], `${label}: ${response.status()} ${(await response.text()).slice(0, 80)}`).toContain(response.status());
        expect(response.headers()['set-cookie'], label).toBeUndefined();
        expect((await sessionCookies(page.context())).refresh, label).toBeDefined();
      }
    }
    await expectSignedIn(page);
  });

  test('a body over 256 KB posted as an action to a path without a page is refused before it is read', async ({ page, baseURL }) => {
    await signUp(page, uniqueEmail('action-size'));
    const actionId = await signOutActionId(page);
    const padding = 'x'.repeat(300 * 1024);
    const posts: Post[] = [
      { label: 'Next-Action', headers: { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8', Origin: baseURL ?? '' }, multipart: false },
      { label: 'form post', headers: { Origin: baseURL ?? '' }, multipart: true },
    ];
    for (const path of PATHS) {
      for (const post of posts) {
        const response = await postAction(page, path, actionId, post, padding);
        expect([403, 404, 413], `${post.label} to ${path}: ${response.status()}`).toContain(response.status());
      }
    }
    await expectSignedIn(page);
  });

  test('control: the API still takes programs without Origin and its own pages, and refuses other sites with invalid_origin', async ({ request, baseURL }) => {
    const form = { grant_type: 'password', username: DEMO_USER, password: DEMO_PASSWORD };
    // Without Origin middleware does not run on the API; with ours it runs and must add nothing.
    for (const headers of [{}, { Origin: baseURL ?? '' }] as Record<string, string>[]) {
      const answer = await request.post('/api/auth/token', { form, headers });
      expect(answer.status()).toBe(200);
      expect(answer.headers()).not.toHaveProperty('content-security-policy');
      expect(answer.headers()).not.toHaveProperty('set-cookie');
      expect(answer.headers()['cache-control']).toBe('no-store');
    }
    const browser = await request.post('/api/auth/token', { form, headers: { Origin: EVIL_ORIGIN } });
    expect(browser.status()).toBe(403);
    expect(await browser.json()).toMatchObject({ error: 'invalid_origin' });
  });
});

test.describe('open redirects after sign-in', () => {
  const VECTORS = [
    '//evil.com',
    '///evil.com',
    '/\\evil.com',
    'https://evil.com',
    'javascript:alert(1)',
    '%2F%2Fevil.com',
    '/%09/evil.com',
    '/%2F/evil.com',
    '/%5Cevil.com',
    '/\t/evil.com',
    'http:evil.com',
  ];
  for (const next of VECTORS) {
    test(`next=${JSON.stringify(next)} lands on /dashboard`, async ({ page, baseURL }) => {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await submitSignIn(page, DEMO_USER, DEMO_PASSWORD);
      await expect(page).toHaveURL(`${baseURL}/dashboard`);
    });
  }

  test('control: a same-site next is honoured', async ({ page, baseURL }) => {
    await page.goto(`/login?next=${encodeURIComponent('/settings/sessions')}`);
    await submitSignIn(page, DEMO_USER, DEMO_PASSWORD);
    await expect(page).toHaveURL(`${baseURL}/settings/sessions`);
  });
});

test.describe('password rules', () => {
  const fieldError = (page: Page, name: string) => page.locator(`#field-${name}-error`);

  test('a common password is refused at sign-up', async ({ page }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: uniqueEmail('common'), password: 'Password123' });
    await expect(fieldError(page, 'password')).toHaveText('This password is one of the 10,000 most common. Choose one that is harder to guess.');
    await expect(page).toHaveURL(/\/signup$/);
  });

  test('a password equal to the email is refused at sign-up', async ({ page }) => {
    const email = uniqueEmail('same');
    await page.goto('/signup');
    await submitSignUp(page, { email, password: email });
    await expect(fieldError(page, 'password')).toHaveText('Password must not be your email address.');
  });

  test('the same password typed in another Unicode form signs in', async ({ page }) => {
    const email = uniqueEmail('nfc');
    await signUp(page, email, 'caf\u00e9-cr\u00e8me-br\u00fbl\u00e9e');
    await page.context().clearCookies();
    await page.goto('/login');
    await submitSignIn(page, email, 'cafe\u0301-cre\u0300me-bru\u0302le\u0301e');
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});

test.describe('input limits', () => {
  const HUGE = `${'a'.repeat(100 * 1024)}@example.com`;

  test('a 100 KB email on sign-in gets a validation message', async ({ page }) => {
    await page.goto('/login');
    await submitSignIn(page, HUGE, 'whatever-password');
    await expect(page.locator('#field-email-error')).toHaveText('Email must be at most 254 characters.');
  });

  test('a 100 KB email on sign-up gets a validation message and creates nothing', async ({ page }) => {
    await page.goto('/signup');
    await submitSignUp(page, { email: HUGE, password: GOOD_PASSWORD });
    await expect(page.locator('#field-email-error')).toHaveText('Email must be at most 254 characters.');
    expect((await sessionCookies(page.context())).access).toBeUndefined();
  });

  test('an oversized form post is refused without a server error', async ({ request, baseURL }) => {
    const response = await request.post('/login', {
      headers: { Origin: baseURL ?? '' },
      multipart: { email: 'x'.repeat(2 * 1024 * 1024), password: 'x' },
    });
    expect(response.status()).toBe(413);
  });
});
