import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

// Figure 4's rotations over HTTP, from autocannon like the reference route's requests, so the
// load generator costs the shared CPU the same per request on both sides. Each connection turns
// refresh-token chains: a request takes a chain's current token and its answer puts the successor
// back. A fixed `amount` of requests rather than a duration: autocannon stops a timed run with
// requests in flight, whose successors would be lost; here every request sent is answered, so
// the final tokens are known and the counts stay exact.
// Input (JSON file named by argv[2]): { url, refreshTokens, amount }.
// Prints { rotations, failures, seconds, finalTokens }.

const { url, refreshTokens, amount } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const chains = [...refreshTokens];
let failures = 0;
const result = await autocannon({
  url: `${url}/api/auth/token`,
  connections: refreshTokens.length,
  amount,
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (request, context) => {
        context.token = chains.shift();
        return { ...request, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(context.token)}` };
      },
      onResponse: (status, body, context) => {
        const successor = status === 200 ? JSON.parse(body).refresh_token : undefined;
        if (!successor) {
          failures++;
          console.error(`[bench rotations] rotation failed: ${status} ${body}`);
        }
        chains.push(successor ?? context.token);
      },
    },
  ],
});
const rotations = result.statusCodeStats['200']?.count ?? 0;
process.stdout.write(`${JSON.stringify({ rotations, failures: failures + result.errors, seconds: result.duration, finalTokens: chains })}\n`);
