import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

// Figure 3's burst, in a process of its own: clients signing in back to back through the token
// endpoint, one connection per account, as real users are. Parallel sign-ins of one account
// would test the throttle instead: it counts each attempt before the password is checked
// (lib/auth/throttle.ts), so past LOGIN_MAX_ATTEMPTS in flight they are answered 429 without
// any bcrypt work. Input (JSON file named by argv[2]): { url, accounts, password, seconds }.
// Prints { answers: { [status]: count }, errors, signedInAt }: signedInAt, when each sign-in
// was answered (Date.now()), so a window of the burst can be counted exactly.

const { url, accounts, password, seconds } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const signedInAt = [];
const results = await Promise.all(
  accounts.map((username) =>
    autocannon({
      url,
      method: 'POST',
      connections: 1,
      duration: seconds,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
      requests: [{ onResponse: (status) => status === 200 && signedInAt.push(Date.now()) }],
    }),
  ),
);
const answers = {};
for (const result of results) {
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) answers[status] = (answers[status] ?? 0) + count;
}
process.stdout.write(`${JSON.stringify({ answers, errors: results.reduce((sum, result) => sum + result.errors, 0), signedInAt })}\n`);
