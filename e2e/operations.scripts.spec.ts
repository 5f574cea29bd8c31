import { existsSync, statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, signIn, signUp, uniqueEmail } from './helpers/accounts';
import { runScript } from './helpers/scripts';
import { SCRIPTS_DATA_DIR } from './helpers/server-addresses';
import { apiSignIn, decodeJwtPart, splitJwt } from './helpers/tokens';

// The operator's scripts beside a running server on the embedded database (`next start` holding
// SCRIPTS_DATA_DIR): they reach the database through the socket the server serves, and the server
// sees what they changed at its next request: it hears their changes at commit, not when its session
// cache expires (SESSION_CACHE_TTL is 60 s on this server, longer than any test here).

// Each script is a Node process of its own (tsx), several seconds on a busy 2-core machine.
test.setTimeout(120_000);

test('admin:create makes an admin who can open /admin at once', async ({ page }) => {
  const email = uniqueEmail('script-admin');
  const run = await runScript('admin:create', [email], { env: { ADMIN_PASSWORD: GOOD_PASSWORD } });
  expect(run).toMatchObject({ code: 0, stdout: `Created admin ${email}.\n` });

  await signIn(page, email, GOOD_PASSWORD);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
});

test('admin:create promotes an account signed in on the server, which opens /admin at its next page', async ({ page }) => {
  const email = uniqueEmail('script-promoted');
  await signUp(page, email);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toHaveCount(0);

  expect(await runScript('admin:create', [email])).toMatchObject({ code: 0, stdout: `${email} is an admin.\n` });
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
});

test('db:cleanup runs beside the server, which keeps serving the sessions it left', async ({ page }) => {
  const email = uniqueEmail('script-cleanup');
  await signUp(page, email);
  const run = await runScript('db:cleanup');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Deleted \d+ ended sessions, \d+ stale refresh tokens, /);
  await page.goto('/dashboard');
  await expect(page.getByTestId('user-email')).toHaveText(email);
});

test('keys:rotate: the next token is signed with the new key, which the key set publishes, and older tokens still verify', async ({ page, request }) => {
  const email = uniqueEmail('script-keys');
  await signUp(page, email);
  const before = await apiSignIn(request, email, GOOD_PASSWORD);
  const oldKid = decodeJwtPart(splitJwt(before.accessToken).header).kid;

  const run = await runScript('keys:rotate');
  expect(run.code).toBe(0);
  const newKid = /Created ES256 key (\S+) in/.exec(run.stdout)?.[1];
  expect(newKid).toBeDefined();
  expect(newKid).not.toBe(oldKid);

  const after = await apiSignIn(request, email, GOOD_PASSWORD);
  expect(decodeJwtPart(splitJwt(after.accessToken).header).kid).toBe(newKid);
  const published = (await (await request.get('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] };
  expect(published.keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
  expect((await request.get('/api/users/me', { headers: { Authorization: `Bearer ${before.accessToken}` } })).status()).toBe(200);
});

test('db:psql and db:backup work through the socket while the server runs', async ({ request }) => {
  const socket = `${SCRIPTS_DATA_DIR}/.s.PGSQL.5432`;
  expect(statSync(socket).mode & 0o777).toBe(0o600);

  const psql = await runScript('db:psql', [], { input: `SELECT 'through the socket' AS answer;\n` });
  expect(psql).toMatchObject({ code: 0 });
  expect(psql.stdout).toContain('through the socket');

  const backup = await runScript('db:backup');
  expect(backup.code).toBe(0);
  const archive = /^Wrote (\S+\.tar\.gz) /.exec(backup.stdout)?.[1];
  expect(archive && existsSync(archive)).toBe(true);
  expect((await request.get('/api/health')).status()).toBe(200);

  const restore = await runScript('db:restore', [archive!, '--force']);
  expect(restore.code).toBe(1);
  expect(restore.stderr).toMatch(/is in use by process \d+ \(the server\?\): stop it, then restore\./);
});

test('clients:create registers an app beside the server and prints its credentials once; a bad URI changes nothing', async ({ request }) => {
  const refused = await runScript('clients:create', ['--name', 'Bad app', '--redirect-uri', 'http://example.com/callback', '--redirect-uri', 'not a url']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('http://example.com/callback must use https (plain http only for localhost, 127.0.0.1 or [::1])');
  expect(refused.stderr).toContain('not a url is not an absolute URL');
  expect(refused.stdout).toBe('');
  const registered = await runScript('db:psql', [], { input: `SELECT 'apps named Bad app: ' || count(*) FROM "AppClient" WHERE name = 'Bad app';\n` });
  expect(registered.stdout).toContain('apps named Bad app: 0');

  const run = await runScript('clients:create', ['--name', 'Script app', '--redirect-uri', 'https://app.example.com/callback', '--scope', 'openid', '--scope', 'offline_access']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Registered the app “Script app” \(confidential, scopes openid offline_access\)\.\nclient_id: \S{22}\nclient_secret: \S{43}\n$/);
  // The server knows it at once: its secret authenticates at the token endpoint (the code is made up).
  const [, clientId, secret] = /client_id: (\S+)\nclient_secret: (\S+)/.exec(run.stdout)!;
  const answer = await request.post('/api/auth/token', {
    form: { grant_type: 'authorization_code', code: 'made-up', redirect_uri: 'https://app.example.com/callback', code_verifier: 'v'.repeat(43) },
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
  });
  expect(await answer.json()).toMatchObject({ error: 'invalid_grant' });
  // With JWT_ALG=ES256 the provider signs ID tokens with the same keys it publishes.
  const discovery = (await (await request.get('/.well-known/openid-configuration')).json()) as { id_token_signing_alg_values_supported: string[] };
  expect(discovery.id_token_signing_alg_values_supported).toEqual(['ES256']);
});
