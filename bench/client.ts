import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

// Figure 6's mixed load, from a process of its own (bench/run.ts starts it): each worker
// refreshes, then calls the API and the dashboard with its new access token, and signs in now and
// then, so caches keep meeting new tokens.
// Reads { url, seconds, refreshTokens, email, password } from the file named by argv[2]; prints a JSON result.

type Input = { url: string; seconds: number; refreshTokens: string[]; email: string; password: string };

// node:http with kept-alive connections: fetch costs this process several times more CPU per
// request, and on a 2-core machine that CPU is taken from the server being measured. An idle
// connection is closed after 4 s, before the server's 5 s keep-alive timeout can close it under
// a request (ECONNRESET).
const agent = new Agent({ keepAlive: true, timeout: 4000 });

function tokenRequest(url: string, body: Record<string, string>): Promise<{ status: number; access_token?: string; refresh_token?: string; error?: string }> {
  const payload = new URLSearchParams(body).toString();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/api/auth/token`,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ...(JSON.parse(text) as object) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

async function main() {
  const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Input;
  const deadline = performance.now() + input.seconds * 1000;
  const counts = { rotations: 0, failures: 0, pages: 0, signIns: 0 };
  const started = performance.now();
  const finalTokens = await Promise.all(
    input.refreshTokens.map(async (first) => {
      let refresh = first;
      while (performance.now() < deadline) {
        const rotated = await tokenRequest(input.url, { grant_type: 'refresh_token', refresh_token: refresh });
        if (!rotated.refresh_token) {
          counts.failures++;
          console.error(`[bench client] rotation failed: ${rotated.status} ${rotated.error ?? ''}`);
          break;
        }
        counts.rotations++;
        refresh = rotated.refresh_token;
        const cookie = `latchkey_access=${rotated.access_token}; latchkey_refresh=${refresh}`;
        const [me, page] = await Promise.all([
          fetch(`${input.url}/api/users/me`, { headers: { authorization: `Bearer ${rotated.access_token}` } }),
          fetch(`${input.url}/dashboard`, { headers: { cookie }, redirect: 'manual' }),
        ]);
        await Promise.all([me.arrayBuffer(), page.arrayBuffer()]);
        if (me.status !== 200 || page.status !== 200) counts.failures++;
        counts.pages += 2;
        if (counts.rotations % 25 === 0) {
          const signedIn = await tokenRequest(input.url, { grant_type: 'password', username: input.email, password: input.password });
          if (signedIn.refresh_token) counts.signIns++;
          else counts.failures++;
        }
      }
      return refresh;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ ...counts, seconds, finalTokens })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
