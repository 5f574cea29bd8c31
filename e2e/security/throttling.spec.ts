import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, signUp, submitSignIn, uniqueEmail } from '../helpers/accounts';
import { sessionCookies } from '../helpers/cookies';
import { waitForHydratedForm } from '../helpers/pages';

// Sign-in throttling per email, as a person sees it (limits: LOGIN_MAX_ATTEMPTS=5 within
// LOGIN_WINDOW=15 minutes, the defaults). Per-address limits: throttling.throttle.spec.ts.

const WRONG = 'Incorrect email or password.';
const TOO_MANY = 'Too many attempts, try again in 1 minute.';

async function failFiveTimes(page: import('@playwright/test').Page, email: string): Promise<void> {
  await page.goto('/login');
  await waitForHydratedForm(page);
  for (let attempt = 0; attempt < 5; attempt++) {
    await submitSignIn(page, email, `wrong-password-${attempt}`);
    // React empties the form when the action's answer is rendered: only then is it safe to type
    // the next try (the previous message is still on screen before that).
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(page.locator('main').getByRole('alert')).toHaveText(WRONG);
  }
}

test('after 5 wrong passwords even the right one is refused with "Too many attempts"', async ({ page }) => {
  const email = uniqueEmail('throttled');
  await signUp(page, email);
  await page.context().clearCookies();
  await failFiveTimes(page, email);
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page.locator('main').getByRole('alert')).toHaveText(TOO_MANY);
  expect(await sessionCookies(page.context())).toEqual({ access: undefined, refresh: undefined });
  await page.screenshot({ path: 'test-results/screens/login-throttled.png', fullPage: true });
});

test('an email with no account is throttled the same way, with the same words', async ({ page }) => {
  const email = uniqueEmail('nobody');
  await failFiveTimes(page, email);
  await submitSignIn(page, email, GOOD_PASSWORD);
  await expect(page.locator('main').getByRole('alert')).toHaveText(TOO_MANY);
});

test('the API answers 429 with Retry-After once the email is throttled', async ({ request }) => {
  const email = uniqueEmail('api-throttled');
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await request.post('/api/auth/token', { form: { grant_type: 'password', username: email, password: `wrong-${attempt}` } });
    expect(response.status()).toBe(400);
  }
  const refused = await request.post('/api/auth/token', { form: { grant_type: 'password', username: email, password: 'anything' } });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await refused.json()).error).toBe('too_many_attempts');
});
