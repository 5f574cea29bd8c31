import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

// A real OpenID Connect provider on loopback for figure 8: the e2e's oidc-provider
// (e2e/servers/oidc-provider.mjs) in a process of its own, played by a scripted browser that
// signs in and consents on its development pages, and a clock on the requests Latchkey's server
// makes to it, so the provider's share of a callback can be told from Latchkey's.

const ROOT = path.resolve(__dirname, '..');
export const PROVIDER_CLIENT_ID = 'latchkey-e2e';

export type LoopbackProvider = { issuer: string; stop: () => Promise<void> };

/** Starts the provider on 127.0.0.1:`port` for a client that is sent back to `callback`; resolves once it listens. */
export function startProvider(port: number, callback: string, secret: string): Promise<LoopbackProvider> {
  const child = spawn(process.execPath, [path.join(ROOT, 'e2e/servers/oidc-provider.mjs'), String(port), callback, secret], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Its lines are logs: stdout of the bench script is its JSON.
  child.stdout!.pipe(process.stderr);
  // Gone with the script, whichever way it ends.
  const kill = () => child.kill();
  process.once('exit', kill);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code} before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('oidc-provider on')) resolve({ issuer: `http://127.0.0.1:${port}`, stop: () => stopChild(child, kill) });
    });
  });
}

function stopChild(child: ChildProcess, kill: () => void): Promise<void> {
  process.off('exit', kill);
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The browser's part of a round trip: from the authorization URL, follows the provider's
 * redirects, signs in as `login` and consents on its pages, until it sends the browser to
 * `callback`; returns that URL (with its fresh code). `cookies` is the browser's jar at the
 * provider: kept across round trips, the provider remembers the login and the consent, and later
 * round trips are a single redirect, as for someone signed in at their provider.
 */
export async function answerAtProvider(authorizationUrl: URL, callback: string, login: string, cookies: Map<string, string>): Promise<URL> {
  let request: { url: string; form?: URLSearchParams } = { url: authorizationUrl.href };
  for (let step = 0; step < 12; step++) {
    const response = await fetch(request.url, {
      method: request.form ? 'POST' : 'GET',
      body: request.form,
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [name = '', value = ''] = line.split(';')[0]!.split(/=(.*)/);
      if (value) cookies.set(name, value);
      else cookies.delete(name);
    }
    const location = response.headers.get('location');
    const page = await response.text();
    if (location) {
      const next = new URL(location, request.url);
      if (next.href.startsWith(`${callback}?`)) return next;
      request = { url: next.href };
      continue;
    }
    // Its development pages: a login form (any password does), then a consent form.
    const action = /<form[^>]* action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`the provider answered ${response.status} with no form to fill: ${page.slice(0, 300)}`);
    request = { url: new URL(action, request.url).href, form: new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any-password' } : { prompt }) };
  }
  throw new Error('the provider never sent the browser back');
}

/** Time spent waiting on the provider's answers, and which of its endpoints were asked. */
export type ProviderWait = { ms: number; requests: string[] };

/**
 * Times every request this process makes to `issuer` (openid-client calls the global fetch):
 * from the request to the provider's answer headers. Returns the tally to read and reset.
 */
export function timeProviderRequests(issuer: string): ProviderWait {
  const wait: ProviderWait = { ms: 0, requests: [] };
  const upstream = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== new URL(issuer).origin) return upstream(input, init);
    const began = performance.now();
    try {
      return await upstream(input, init);
    } finally {
      wait.ms += performance.now() - began;
      wait.requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    }
  };
  return wait;
}
