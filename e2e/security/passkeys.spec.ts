import { type APIResponse, type Page, type Request, expect } from '@playwright/test';
import { type AssertionOptions, SoftwareAuthenticator } from '../../test/support/authenticator';
import { signOut, uniqueEmail } from '../helpers/accounts';
import { ACCESS_COOKIE, PASSKEY_COOKIE, REFRESH_COOKIE, sessionCookies } from '../helpers/cookies';
import { PASSKEY_EXPIRED, PASSKEY_REFUSED, answerPromptsWith, signInWithPasskey, signUpWithPasskey, test } from '../helpers/passkeys';
import { actionHeaders } from '../helpers/server-actions';

// Passkey answers a browser would not send, or sends once: a captured sign-in replayed, two copies
// racing, and answers correctly signed by the passkey's own key but for another origin, another
// RP ID or without user verification. Each makes no session.

/** Whether a request is the one that hands the browser's passkey answer to the server. */
const isPasskeyAnswer = (request: Request) =>
  request.method() === 'POST' && request.headers()['next-action'] !== undefined && (request.postData() ?? '').includes('clientDataJSON');

/** The session cookies a response sets. */
function sessionCookiesSet(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter(({ name, value }) => name.toLowerCase() === 'set-cookie' && [ACCESS_COOKIE, REFRESH_COOKIE].some((cookie) => value.startsWith(`${cookie}=`)))
    .map(({ value }) => value);
}

/** How many sessions the signed-in page's account has. */
async function sessionCount(page: Page): Promise<number> {
  await page.goto('/settings/sessions');
  return page.getByTestId('session').count();
}

test('a passkey sign-in replayed after it succeeded makes no second session', async ({ page, playwright, baseURL }) => {
  const email = uniqueEmail('passkey-replay');
  await signUpWithPasskey(page, email);
  await signOut(page);
  const captured = page.waitForRequest(isPasskeyAnswer);
  await signInWithPasskey(page);
  const answer = await captured;
  const headers = await actionHeaders(answer);
  expect(headers.cookie).toMatch(new RegExp(`(^|; )${PASSKEY_COOKIE}=`));
  expect(await sessionCount(page)).toBe(1);

  // The same bytes again, with the same cookies, from a client of its own.
  const attacker = await playwright.request.newContext({ baseURL });
  const replayed = await attacker.post('/login', { headers, data: answer.postData()!, maxRedirects: 0 });
  expect(replayed.status()).toBe(200);
  expect(sessionCookiesSet(replayed)).toEqual([]);
  expect(await replayed.text()).toContain(PASSKEY_EXPIRED);
  expect(await sessionCount(page)).toBe(1);
  await attacker.dispose();
});

test('two copies of one passkey answer sent at once make one session', async ({ page, context, playwright, baseURL }) => {
  const email = uniqueEmail('passkey-race');
  await signUpWithPasskey(page, email);
  await signOut(page);
  // The browser's own answer never leaves it; two copies of it race instead.
  let captured: Request | undefined;
  await page.route('**/login', async (route) => {
    if (!isPasskeyAnswer(route.request())) return route.continue();
    captured = route.request();
    return route.abort();
  });
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect.poll(() => captured).toBeDefined();
  const headers = await actionHeaders(captured!);
  expect((await sessionCookies(context)).access).toBeUndefined();

  const clients = await Promise.all([0, 1].map(() => playwright.request.newContext({ baseURL })));
  const responses = await Promise.all(clients.map((client) => client.post('/login', { headers, data: captured!.postData()!, maxRedirects: 0 })));
  const winners = responses.filter((response) => sessionCookiesSet(response).length > 0);
  expect(winners).toHaveLength(1);
  const [winner] = winners;
  const loser = responses.find((response) => response !== winner)!;
  expect(await loser.text()).toContain(PASSKEY_EXPIRED);

  // The winner's session is the account's only one.
  const signedIn = clients[responses.indexOf(winner!)]!;
  const sessions = await (await signedIn.get('/settings/sessions')).text();
  expect(sessions.match(/data-testid="session"/g)).toHaveLength(1);
  await Promise.all(clients.map((client) => client.dispose()));
});

test('answers signed by the passkey for another origin, another RP ID or without user verification are refused', async ({ page, context, authenticator, baseURL }) => {
  // A passkey sign-up and four passkey answers: about 5 s on a busy 2-core machine.
  test.setTimeout(45_000);
  const email = uniqueEmail('passkey-forged');
  await signUpWithPasskey(page, email);
  // The passkey's private key, taken out of the device, signs whatever the attacker asks.
  const software = new SoftwareAuthenticator();
  const [credential] = await authenticator.credentials();
  const { id: credentialId } = software.importCredential(credential!);
  await authenticator.remove();
  let forgery: AssertionOptions = { origin: baseURL!, credentialId };
  await answerPromptsWith(page, software, () => forgery);
  await signOut(page);

  const refusals: AssertionOptions[] = [
    { origin: 'https://evil.example', credentialId },
    { origin: 'http://evil.localhost:3000', credentialId },
    { origin: baseURL!, rpId: 'evil.example', credentialId },
    { origin: baseURL!, userVerified: false, credentialId },
  ];
  for (const refused of refusals) {
    forgery = refused;
    const answered = page.waitForResponse((response) => isPasskeyAnswer(response.request()));
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await answered;
    await expect(page.getByRole('main').getByRole('alert'), JSON.stringify(refused)).toHaveText(PASSKEY_REFUSED);
    expect((await sessionCookies(context)).access).toBeUndefined();
  }

  // Control: the same key, signing for this origin and RP ID, signs in.
  forgery = { origin: baseURL!, credentialId };
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/settings/activity');
  await expect(page.getByTestId('event').filter({ hasText: 'Failed passkey sign-in attempt' })).toHaveCount(refusals.length);
  await expect(page.getByTestId('event').filter({ hasText: 'Signed in with a passkey' })).toHaveCount(1);
});
