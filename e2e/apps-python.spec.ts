import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, signOut, signUp, uniqueEmail } from './helpers/accounts';
import { registerApp } from './helpers/apps';
import { BASE_URL } from './helpers/server-addresses';

// A Python service signs its users in through Latchkey with nothing but the standard library and
// PyJWT (e2e/servers/python-app.py: discovery, PKCE, the code exchange, the ID token verified
// against the JWKS, userinfo). .ci/run installs python3-jwt and python3-cryptography.

test.setTimeout(120_000);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let python: ChildProcess | undefined;
test.afterAll(() => {
  python?.kill();
});

test('a Python app signs a user in through Latchkey and reads the email from userinfo', async ({ page }) => {
  const port = await freePort();
  const app = await registerApp('.data-e2e', ['--name', 'Python app', '--redirect-uri', `http://127.0.0.1:${port}/callback`]);
  python = spawn('/usr/bin/python3', ['e2e/servers/python-app.py', BASE_URL, app.clientId, app.clientSecret!, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    python!.stdout!.once('data', () => resolve());
    python!.once('exit', (code) => reject(new Error(`python-app.py exited with ${code}`)));
  });

  const email = uniqueEmail('python-user');
  await signUp(page, email);
  await signOut(page);
  await page.goto(`http://127.0.0.1:${port}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Signed in as ${email} (pwd)`, { timeout: 20_000 });
});
